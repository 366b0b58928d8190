export { colourDistance, colourPalette, type NamedColour, svgColour } from './colour-palette.js';
export { renderScene } from './render-scene.js';
export { captionsPerImage, sceneCaptions } from './scene-captions.js';
export { sceneSvg } from './scene-svg.js';
export {
  type NounPhrase,
  type ShapeClass,
  type ShapeRotation,
  shapeCatalogue,
  syntheticClassNames,
} from './shape-catalogue.js';
export {
  defaultSyntheticOptions,
  generateSyntheticDataset,
  type SyntheticBenchmark,
  type SyntheticDatasetOptions,
  SyntheticImageCaptionDataset,
  type SyntheticSplit,
} from './synthetic-dataset.js';
export {
  type BackgroundTexture,
  type ClutterMark,
  type ObjectSize,
  type SceneBackground,
  type SceneObject,
  type SyntheticDifficulty,
  type SyntheticScene,
  sampleScene,
} from './synthetic-scene.js';
export {
  knowledgeElementsFileName,
  syntheticManifestName,
  type WriteSyntheticOptions,
  type WrittenSyntheticDataset,
  writeSyntheticDataset,
} from './write-synthetic-dataset.js';
