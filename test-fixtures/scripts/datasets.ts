/**
 * Writes the tiny on-disk datasets the @mmpoison/datasets format and image tests read, into
 * test-fixtures/data/datasets/: a few 8×8–16×16 images per format, a truncated JPEG, a text file
 * named .jpg, WebDataset tar shards and deliberately broken annotation files. Deterministic; the
 * whole folder stays well under 200 KB.
 *
 * Run: node --import tsx --conditions=@mmpoison/source test-fixtures/scripts/datasets.ts
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { pack } from 'tar-stream';

type Rgb = readonly [number, number, number];

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'datasets');

const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 200, 0];
const BLUE: Rgb = [0, 0, 255];

/** Raw pixels: `left` colour on the left half, `right` on the right half. */
function halves(width: number, height: number, left: Rgb, right: Rgb): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = x < width / 2 ? left : right;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return data;
}

function image(width: number, height: number, left: Rgb, right: Rgb = left): Sharp {
  return sharp(halves(width, height, left, right), { raw: { width, height, channels: 3 } });
}

function jpeg(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return image(width, height, colour).jpeg({ quality: 90 }).toBuffer();
}

function png(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return image(width, height, colour).png().toBuffer();
}

/** A 16×16 JPEG with its last 40% cut off: the header is intact, the scan data and end marker are not. */
async function truncatedJpeg(): Promise<Buffer> {
  const pixels = Buffer.alloc(16 * 16 * 3);
  // A deterministic pattern with detail, so most of the file is scan data rather than header.
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 97 + ((i * i) % 13) * 19) % 256;
  const full = await sharp(pixels, { raw: { width: 16, height: 16, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
  return full.subarray(0, Math.floor(full.length * 0.6));
}

const NOT_AN_IMAGE = Buffer.from('This is a text file that pretends to be a JPEG.\n');

async function write(path: string, content: string | Buffer): Promise<void> {
  const target = join(OUT, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
}

async function tar(entries: readonly { name: string; content: Buffer | string }[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
    // A fixed mtime keeps the shard bytes identical from run to run.
    archive.entry({ name: entry.name, mtime: new Date(0), size: content.length }, content);
  }
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

async function decoderImages(): Promise<void> {
  await write('images/halves-16x8.png', await image(16, 8, RED, BLUE).png().toBuffer());
  const rgba = Buffer.alloc(8 * 8 * 4);
  for (let i = 0; i < 64; i++) rgba.set([200, 100, 50, 128], i * 4);
  await write(
    'images/alpha-8x8.png',
    await sharp(rgba, { raw: { width: 8, height: 8, channels: 4 } })
      .png()
      .toBuffer(),
  );
  await write(
    'images/gray-8x8.png',
    await image(8, 8, [100, 100, 100]).toColourspace('b-w').png().toBuffer(),
  );
  // Stored 16 wide × 8 high with EXIF orientation 6 (rotate 90° clockwise to display): shown 8 × 16,
  // red on top, blue at the bottom.
  await write(
    'images/rotated-16x8.jpg',
    await image(16, 8, RED, BLUE).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer(),
  );
  await write(
    'images/lossless-8x8.webp',
    await image(8, 8, [10, 200, 30]).webp({ lossless: true }).toBuffer(),
  );
  await write('images/truncated.jpg', await truncatedJpeg());
  await write('images/not-an-image.jpg', NOT_AN_IMAGE);
}

async function coco(): Promise<void> {
  const categories = [
    { id: 1, name: 'person', supercategory: 'person' },
    { id: 9, name: 'boat', supercategory: 'vehicle' },
    { id: 18, name: 'dog', supercategory: 'animal' },
    { id: 80, name: 'toaster', supercategory: 'appliance' },
  ];
  const images = [1, 2, 3, 4, 5, 6, 7].map((id) => ({
    id,
    file_name: `${String(id).padStart(12, '0')}.jpg`,
    width: 12,
    height: 10,
  }));
  const captions: Record<number, string[]> = {
    1: ['A dog sits on the grass.', 'A brown dog outside.'],
    2: ['Boats in a harbour next to a dog.  \n', 'Three boats and a dog.', 'A dog watches the boats.'],
    3: ['Two people walking.', 'A pair of people on a street.'],
    4: ['An empty field.', 'Grass and sky.'],
    5: ['A missing picture.', 'Nothing to see.'],
    6: ['A truncated picture.', 'Half an image.'],
    7: ['A toaster on a counter.', 'A kitchen toaster.'],
  };
  let annotationId = 100;
  const captionAnnotations = Object.entries(captions).flatMap(([imageId, texts]) =>
    texts.map((caption) => ({ id: annotationId++, image_id: Number(imageId), caption })),
  );
  const instanceCounts: [number, number, number][] = [
    // [image id, category id, instances]
    [1, 18, 1],
    [2, 9, 3],
    [2, 18, 1],
    [3, 1, 2],
    [6, 18, 1],
    [7, 80, 1],
  ];
  const instanceAnnotations = instanceCounts.flatMap(([imageId, categoryId, count]) =>
    Array.from({ length: count }, () => ({
      id: annotationId++,
      image_id: imageId,
      category_id: categoryId,
      iscrowd: 0,
    })),
  );
  await write(
    'coco/annotations/captions_mini.json',
    JSON.stringify({ images, annotations: captionAnnotations }),
  );
  await write(
    'coco/annotations/instances_mini.json',
    JSON.stringify({ images, categories, annotations: instanceAnnotations }),
  );
  const colours: Record<number, Rgb> = {
    1: [150, 100, 50],
    2: BLUE,
    3: [200, 150, 150],
    4: GREEN,
    7: [120, 120, 120],
  };
  for (const [id, colour] of Object.entries(colours)) {
    await write(`coco/mini/${String(id).padStart(12, '0')}.jpg`, await jpeg(12, 10, colour));
  }
  // Image 5 is listed but absent; image 6 is cut off.
  await write('coco/mini/000000000006.jpg', await truncatedJpeg());

  // Broken annotation files: an empty caption, and a file name escaping the dataset root.
  const small = images.slice(0, 2);
  await write(
    'coco/annotations/captions_empty.json',
    JSON.stringify({
      images: small,
      annotations: [
        { id: 1, image_id: 1, caption: 'A dog.' },
        { id: 2, image_id: 2, caption: '   ' },
      ],
    }),
  );
  await write(
    'coco/annotations/captions_escape.json',
    JSON.stringify({
      images: [{ id: 1, file_name: '../../outside.jpg', width: 12, height: 10 }],
      annotations: [{ id: 1, image_id: 1, caption: 'Out of bounds.' }],
    }),
  );
}

async function flickr30k(): Promise<void> {
  const images: { filename: string; split: string; captions: string[]; colour: Rgb }[] = [
    {
      filename: '1000092795.jpg',
      split: 'train',
      colour: [30, 60, 90],
      captions: [
        'Two young guys with shaggy hair look at their hands.',
        'Two young men hanging out in the yard.',
        'Two men in green shirts are standing in a yard.',
        'A man in a blue shirt standing in a garden.',
        'Two friends enjoy time spent together.',
      ],
    },
    {
      filename: '10002456.jpg',
      split: 'train',
      colour: [90, 60, 30],
      captions: [
        'Several men in hard hats are operating a pulley system.',
        'Workers look down from up above on a piece of equipment.',
        'Two men working on a machine wearing hard hats.',
        'Four men on top of a tall structure.',
        'Three men on a large rig.',
      ],
    },
    {
      filename: '1000268201.jpg',
      split: 'val',
      colour: [200, 30, 120],
      captions: [
        'A child in a pink dress is climbing up a set of stairs.',
        'A little girl in a pink dress going into a wooden cabin.',
        'A little girl climbing the stairs to her playhouse.',
        'A little girl climbing into a wooden playhouse.',
        'A girl going into a wooden building.',
      ],
    },
    {
      filename: '1000344755.jpg',
      split: 'test',
      colour: [10, 10, 10],
      captions: [
        'Someone in a blue shirt and hat is standing on stairs and leaning against a window.',
        'A man in a blue shirt is standing on a ladder cleaning windows.',
        'A man on a ladder cleans the window of a tall building.',
        'Man in blue shirt and jeans on ladder cleaning windows.',
        'A man on a ladder cleans a window.',
      ],
    },
  ];
  await write(
    'flickr30k/dataset_flickr30k.json',
    JSON.stringify({
      dataset: 'flickr30k',
      images: images.map((entry, imgid) => ({
        filename: entry.filename,
        imgid,
        split: entry.split,
        sentids: entry.captions.map((_, j) => imgid * 5 + j),
        sentences: entry.captions.map((raw, j) => ({
          raw,
          tokens: raw.toLowerCase().replace('.', '').split(' '),
          imgid,
          sentid: imgid * 5 + j,
        })),
      })),
    }),
  );
  const csvLines = ['image_name| comment_number| comment'];
  const tokenLines: string[] = [];
  for (const entry of images) {
    for (const [j, caption] of entry.captions.entries()) {
      // The Kaggle results.csv has one line whose second separator is missing; reproduce it.
      csvLines.push(
        entry.filename === '10002456.jpg' && j === 4
          ? `${entry.filename}| ${j} ${caption}`
          : `${entry.filename}| ${j}| ${caption}`,
      );
      tokenLines.push(`${entry.filename}#${j}\t${caption}`);
    }
    await write(`flickr30k/flickr30k-images/${entry.filename}`, await jpeg(14, 10, entry.colour));
  }
  await write('flickr30k/results.csv', `${csvLines.join('\n')}\n`);
  await write('flickr30k/results_20130124.token', `${tokenLines.join('\n')}\n`);
  await write(
    'flickr30k/results_empty.csv',
    'image_name| comment_number| comment\n1000092795.jpg| 0| Two young guys.\n1000092795.jpg| 1| \n',
  );
}

async function pascal(): Promise<void> {
  const sentences = (subject: string): string =>
    [
      `A ${subject} in the picture.`,
      `The ${subject} is in the middle.`,
      `A photo showing a ${subject}.`,
      `There is a ${subject} here.`,
      `One ${subject} against the background.`,
    ].join('\n');
  await write('pascal/dataset/aeroplane/2008_000032.jpg', await jpeg(10, 8, [200, 200, 255]));
  await write('pascal/dataset/aeroplane/2008_000033.jpg', await jpeg(10, 8, [180, 180, 240]));
  await write('pascal/dataset/sheep/2008_000099.jpg', await jpeg(10, 8, [240, 240, 230]));
  await write('pascal/dataset/sheep/2008_000100.jpg', await jpeg(10, 8, [230, 230, 220]));
  await write('pascal/dataset/sheep/Thumbs.db', 'not an image, ignored by extension');
  await write('pascal/sentence/aeroplane/2008_000032.txt', `${sentences('plane')}\n`);
  // The usual download script names sentence files without the dot: `2008_000033txt`.
  await write('pascal/sentence/aeroplane/2008_000033txt', `${sentences('jet')}\n\n`);
  await write('pascal/sentence/sheep/2008_000099.txt', sentences('sheep'));
  // 2008_000100 has no sentence file: skipped and reported.

  await write('pascal-bad/dataset/cow/2008_000200.jpg', await jpeg(10, 8, [90, 60, 30]));
  await write('pascal-bad/sentence/cow/2008_000200.txt', 'A cow.\n\nA brown cow.\n');
}

async function webdataset(): Promise<void> {
  const json = (key: string, caption: string): string =>
    JSON.stringify({
      key,
      caption,
      url: `https://example.com/${key}.jpg`,
      status: 'success',
      width: 12,
      height: 12,
    });
  await write(
    'webdataset/00000.tar',
    await tar([
      { name: '000000000.jpg', content: await jpeg(12, 12, RED) },
      { name: '000000000.txt', content: 'a red square' },
      { name: '000000000.json', content: json('000000000', 'a red square') },
      { name: '000000001.jpg', content: await jpeg(12, 12, GREEN) },
      { name: '000000001.txt', content: 'a green square' },
      { name: '000000001.json', content: json('000000001', 'a green square') },
      { name: '000000001.extra', content: 'members other than images, txt and json are ignored' },
      { name: '000000002.txt', content: 'a caption whose image is missing' },
    ]),
  );
  await write(
    'webdataset/00001.tar',
    await tar([
      { name: '000000003.jpg', content: await jpeg(12, 12, BLUE) },
      { name: '000000003.json', content: json('000000003', 'a blue square from the json') },
      { name: '000000004.jpg', content: await jpeg(12, 12, GREEN) },
      { name: '000000005.jpg', content: NOT_AN_IMAGE },
      { name: '000000005.txt', content: 'a text file posing as a picture' },
      { name: '000000006.png', content: await png(16, 8, [255, 255, 0]) },
      { name: '000000006.txt', content: 'a yellow rectangle\na wide yellow box\n' },
    ]),
  );
  await write(
    'webdataset-bad/00000.tar',
    await tar([
      { name: '000000000.jpg', content: await jpeg(12, 12, RED) },
      { name: '000000000.txt', content: '  \n' },
    ]),
  );
}

async function table(): Promise<void> {
  await write('table/images/a.png', await png(12, 12, RED));
  await write('table/images/b.png', await png(12, 12, GREEN));
  await write('table/images/c.png', await png(12, 12, BLUE));
  await write(
    'table/images/d.webp',
    await image(12, 12, [255, 255, 255]).webp({ lossless: true }).toBuffer(),
  );
  await write('table/images/not-image.jpg', NOT_AN_IMAGE);
  await write(
    'table/captions.csv',
    [
      'image,caption,label,split',
      'images/a.png,"a red square, bright",red,train',
      'images/a.png,a crimson block,red,train',
      'images/b.png,a green square,green,train',
      'images/c.png,a blue square,blue,test',
      'images/d.webp,a white square,,test',
      'images/missing.png,a picture that is not there,blue,test',
      'images/not-image.jpg,a text file,green,train',
      '',
    ].join('\n'),
  );
  await write(
    'table/captions.tsv',
    [
      'filepath\ttitle',
      'images/a.png\ta red square with a "quoted" word',
      'images/b.png\ta green square',
      'images/a.png\tanother red square',
      '',
    ].join('\n'),
  );
  await write(
    'table/captions.jsonl',
    [
      { image: 'images/a.png', captions: ['a red square', 'a crimson block'], label: 'red', split: 'train' },
      { image: 'images/b.png', captions: ['a green square'], label: 'green', split: 'train' },
      { image: 'images/c.png', captions: 'a blue square', label: 'blue', split: 'test' },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n')
      .concat('\n'),
  );
  await write(
    'table/bad-escape.csv',
    'image,caption\nimages/a.png,a red square\n../outside.png,escapes the root\n',
  );
  await write('table/bad-absolute.csv', 'image,caption\n/etc/hostname,an absolute path elsewhere\n');
  await write('table/bad-empty-caption.csv', 'image,caption\nimages/a.png,a red square\nimages/b.png,  \n');
  await write(
    'table/bad-empty-caption.jsonl',
    '{"image": "images/a.png", "captions": ["a red square"]}\n{"image": "images/b.png", "captions": ["ok", ""]}\n',
  );
  await write(
    'table/bad-json.jsonl',
    '{"image": "images/a.png", "captions": ["a red square"]}\n{"image": \n',
  );
}

async function imageFolder(): Promise<void> {
  await write('imagefolder/cat/1.png', await png(8, 8, [255, 128, 0]));
  await write('imagefolder/cat/2.jpg', await jpeg(8, 8, [250, 120, 10]));
  await write('imagefolder/cat/readme.txt', 'not an image, ignored by extension');
  await write('imagefolder/dog/1.png', await png(8, 8, [90, 60, 30]));
  await write('imagefolder/dog/nested/2.png', await png(8, 8, [80, 50, 20]));
  await write('imagefolder/dog/broken.jpg', NOT_AN_IMAGE);
  await write(
    'imagefolder/golden_retriever/1.webp',
    await image(8, 8, [220, 170, 60]).webp({ lossless: true }).toBuffer(),
  );
}

await rm(OUT, { recursive: true, force: true });
await decoderImages();
await coco();
await flickr30k();
await pascal();
await webdataset();
await table();
await imageFolder();
console.log(`Wrote dataset fixtures to ${OUT}`);
