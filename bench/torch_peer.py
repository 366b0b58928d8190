#!/usr/bin/python3
"""The PyTorch peer of `npm run bench`: the same CLIP, weights and batch as the tfjs run, timed the
same way (Adam steps of the symmetric CLIP loss; forward image embeddings), printed as one JSON line.

Reads the manifest and tensors that bench/run.ts writes (OpenAI state-dict names and layouts). The
model follows OpenAI CLIP's semantics (pre-LN blocks on nn.MultiheadAttention, QuickGELU, causal text
mask, end-of-text pooling at the highest id, ln_post on the class token) as the parity fixture script
test-fixtures/scripts/clip-parity.py does, batch-first here.

    /usr/bin/python3 bench/torch_peer.py MANIFEST WARMUP TRAIN_RUNS EMBED_RUNS
"""

import json
import os
import sys
import time

import numpy
import torch
from torch import nn
from torch.nn import functional

MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)


class Block(nn.Module):
    def __init__(self, width, heads, mask=None):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln_1 = nn.LayerNorm(width, eps=1e-5)
        self.mlp = nn.Sequential()
        self.mlp.add_module("c_fc", nn.Linear(width, 4 * width))
        self.mlp.add_module("c_proj", nn.Linear(4 * width, width))
        self.ln_2 = nn.LayerNorm(width, eps=1e-5)
        self.mask = mask

    def forward(self, x):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, attn_mask=self.mask, need_weights=False)[0]
        h = self.mlp.c_fc(self.ln_2(x))
        return x + self.mlp.c_proj(h * torch.sigmoid(1.702 * h))


class Tower(nn.Module):
    def __init__(self, width, layers, heads, mask=None):
        super().__init__()
        self.resblocks = nn.ModuleList([Block(width, heads, mask) for _ in range(layers)])

    def forward(self, x):
        for block in self.resblocks:
            x = block(x)
        return x


class Vision(nn.Module):
    def __init__(self, size, patch, width, layers, heads, embed):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        self.class_embedding = nn.Parameter(torch.zeros(width))
        self.positional_embedding = nn.Parameter(torch.zeros((size // patch) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width, eps=1e-5)
        self.transformer = Tower(width, layers, heads)
        self.ln_post = nn.LayerNorm(width, eps=1e-5)
        self.proj = nn.Parameter(torch.zeros(width, embed))

    def forward(self, images):
        x = self.conv1(images)
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)
        cls = self.class_embedding + torch.zeros(x.shape[0], 1, x.shape[-1])
        x = self.ln_pre(torch.cat([cls, x], dim=1) + self.positional_embedding)
        x = self.transformer(x)
        return self.ln_post(x[:, 0, :]) @ self.proj


class Clip(nn.Module):
    def __init__(self, config):
        super().__init__()
        v, t = config["vision"], config["text"]
        embed = config["embedDim"]
        self.visual = Vision(v["imageSize"], v["patchSize"], v["width"], v["layers"], v["heads"], embed)
        context = t["contextLength"]
        mask = torch.full((context, context), float("-inf")).triu_(1)
        self.transformer = Tower(t["width"], t["layers"], t["heads"], mask)
        self.token_embedding = nn.Embedding(t["vocabSize"], t["width"])
        self.positional_embedding = nn.Parameter(torch.zeros(context, t["width"]))
        self.ln_final = nn.LayerNorm(t["width"], eps=1e-5)
        self.text_projection = nn.Parameter(torch.zeros(t["width"], embed))
        self.logit_scale = nn.Parameter(torch.ones([]))

    def encode_text(self, ids):
        x = self.transformer(self.token_embedding(ids) + self.positional_embedding)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), ids.argmax(dim=-1)] @ self.text_projection


def clip_loss(images, texts, logit_scale):
    images = functional.normalize(images, dim=-1)
    texts = functional.normalize(texts, dim=-1)
    logits = logit_scale.exp() * images @ texts.t()
    labels = torch.arange(images.shape[0])
    return 0.5 * (functional.cross_entropy(logits, labels) + functional.cross_entropy(logits.t(), labels))


def main():
    manifest_path, warmup, train_runs, embed_runs = sys.argv[1], *map(int, sys.argv[2:5])
    with open(manifest_path) as file:
        manifest = json.load(file)
    raw = open(os.path.join(os.path.dirname(manifest_path), "tensors.bin"), "rb").read()
    tensors = {}
    for entry in manifest["tensors"]:
        dtype = numpy.float32 if entry["dtype"] == "float32" else numpy.int32
        count = int(numpy.prod(entry["shape"]))
        array = numpy.frombuffer(raw, dtype=dtype, count=count, offset=entry["offset"]).reshape(entry["shape"])
        tensors[entry["name"]] = torch.from_numpy(array.copy())
    model = Clip(manifest["config"])
    state = {name: value for name, value in tensors.items() if not name.startswith("__")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or [name for name in missing if not name.endswith("mask")]:
        raise SystemExit(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
    mean = torch.tensor(MEAN).reshape(1, 3, 1, 1)
    std = torch.tensor(STD).reshape(1, 3, 1, 1)
    pixels = tensors["__pixels__"].permute(0, 3, 1, 2).contiguous()
    ids = tensors["__ids__"].long()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.98), eps=1e-6)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = clip_loss(model.visual((pixels - mean) / std), model.encode_text(ids), model.logit_scale)
        loss.backward()
        optimizer.step()
        return loss.item()

    def embed():
        with torch.no_grad():
            model.visual((pixels - mean) / std)

    first_loss = step()
    for _ in range(1, warmup):
        step()
    embed()
    train, embedding, train_cpu, embedding_cpu = [], [], [], []
    for _ in range(train_runs):
        cpu, start = time.process_time(), time.perf_counter()
        step()
        train.append(time.perf_counter() - start)
        train_cpu.append(time.process_time() - cpu)
    for _ in range(embed_runs):
        cpu, start = time.process_time(), time.perf_counter()
        embed()
        embedding.append(time.perf_counter() - start)
        embedding_cpu.append(time.process_time() - cpu)
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "blas": os.environ.get("MMPOISON_BENCH_BLAS", "as installed"),
                "firstLoss": first_loss,
                "trainStepSeconds": train,
                "embedSeconds": embedding,
                "trainStepCpuSeconds": train_cpu,
                "embedCpuSeconds": embedding_cpu,
            }
        )
    )


if __name__ == "__main__":
    torch.manual_seed(0)
    torch.set_num_threads(int(os.environ.get("MMPOISON_BENCH_TORCH_THREADS", "1")))
    main()
