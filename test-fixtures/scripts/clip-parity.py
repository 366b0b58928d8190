#!/usr/bin/python3
"""Reference embeddings for the tfjs CLIP (packages/clip-model): a small random CLIP in PyTorch with
OpenAI's layout and semantics (openai/CLIP clip/model.py: pre-LN residual attention blocks built on
nn.MultiheadAttention, QuickGELU, causal text mask, end-of-text pooling at the highest id, ln_post on
the class token, projections), saved as safetensors under both OpenAI state-dict names and Hugging
Face CLIPModel names, with the embeddings of fixed inputs as JSON.

Run by hand, not in CI (needs Debian's python3-torch):
    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 test-fixtures/scripts/clip-parity.py
Writes test-fixtures/data/clip-parity/{openai.safetensors, huggingface.safetensors, embeddings.json}.
"""

import json
import math
import os
import struct

import torch
from torch import nn

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "clip-parity")

CONFIG = {
    "vision": {"imageSize": 16, "patchSize": 4, "width": 16, "layers": 2, "heads": 2},
    "text": {"contextLength": 8, "vocabSize": 50, "width": 16, "layers": 2, "heads": 2},
    "embedDim": 12,
    "activation": "quick-gelu",
}
MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)


class QuickGelu(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    """x + attn(ln_1(x)), then x + mlp(ln_2(x)); sequence-first tensors as nn.MultiheadAttention wants."""

    def __init__(self, width, heads, mask=None):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_1 = nn.LayerNorm(width, eps=1e-5)
        self.mlp = nn.Sequential()
        self.mlp.add_module("c_fc", nn.Linear(width, 4 * width))
        self.mlp.add_module("gelu", QuickGelu())
        self.mlp.add_module("c_proj", nn.Linear(4 * width, width))
        self.ln_2 = nn.LayerNorm(width, eps=1e-5)
        self.mask = mask

    def forward(self, x, keep_attention=None):
        h = self.ln_1(x)
        out, weights = self.attn(h, h, h, attn_mask=self.mask, need_weights=True, average_attn_weights=False)
        if keep_attention is not None:
            keep_attention.append(weights)
        x = x + out
        return x + self.mlp(self.ln_2(x))


class Tower(nn.Module):
    def __init__(self, width, layers, heads, mask=None):
        super().__init__()
        self.resblocks = nn.ModuleList([Block(width, heads, mask) for _ in range(layers)])

    def forward(self, x, keep_attention=None):
        for block in self.resblocks:
            x = block(x, keep_attention)
        return x


class Vision(nn.Module):
    def __init__(self, size, patch, width, layers, heads, embed):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        scale = width**-0.5
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn((size // patch) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width, eps=1e-5)
        self.transformer = Tower(width, layers, heads)
        self.ln_post = nn.LayerNorm(width, eps=1e-5)
        self.proj = nn.Parameter(scale * torch.randn(width, embed))

    def forward(self, images, keep_attention=None):
        x = self.conv1(images)
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)
        cls = self.class_embedding + torch.zeros(x.shape[0], 1, x.shape[-1])
        x = torch.cat([cls, x], dim=1) + self.positional_embedding
        x = self.ln_pre(x).permute(1, 0, 2)
        x = self.transformer(x, keep_attention).permute(1, 0, 2)
        # Patch tokens as the tfjs model defines them: ln_post on every token, then @ proj.
        tokens = self.ln_post(x) @ self.proj
        return tokens[:, 0, :], tokens[:, 1:, :]


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
        self.positional_embedding = nn.Parameter(torch.empty(context, t["width"]))
        self.ln_final = nn.LayerNorm(t["width"], eps=1e-5)
        self.text_projection = nn.Parameter(torch.empty(t["width"], embed))
        self.logit_scale = nn.Parameter(torch.ones([]) * math.log(1 / 0.07))
        self.init_text(t["width"], t["layers"])

    def init_text(self, width, layers):
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)
        for block in self.transformer.resblocks:
            nn.init.normal_(block.attn.in_proj_weight, std=width**-0.5)
            nn.init.normal_(block.attn.out_proj.weight, std=width**-0.5 * (2 * layers) ** -0.5)
            nn.init.normal_(block.mlp.c_fc.weight, std=(2 * width) ** -0.5)
            nn.init.normal_(block.mlp.c_proj.weight, std=width**-0.5 * (2 * layers) ** -0.5)
        nn.init.normal_(self.text_projection, std=width**-0.5)

    def encode_text(self, ids):
        x = self.token_embedding(ids) + self.positional_embedding
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), ids.argmax(dim=-1)] @ self.text_projection


def openai_state_dict(model):
    # The Tower's ModuleList and the MLP Sequential give exactly OpenAI's names; drop non-parameters.
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}


def huggingface_state_dict(openai):
    hf = {}

    def blocks(source, target, layers, width):
        for n in range(layers):
            s, t = f"{source}.{n}.", f"{target}.{n}."
            q, k, v = openai[s + "attn.in_proj_weight"].split(width, dim=0)
            qb, kb, vb = openai[s + "attn.in_proj_bias"].split(width, dim=0)
            for name, weight, bias in (("q", q, qb), ("k", k, kb), ("v", v, vb)):
                hf[t + f"self_attn.{name}_proj.weight"] = weight
                hf[t + f"self_attn.{name}_proj.bias"] = bias
            hf[t + "self_attn.out_proj.weight"] = openai[s + "attn.out_proj.weight"]
            hf[t + "self_attn.out_proj.bias"] = openai[s + "attn.out_proj.bias"]
            for o, h in (("ln_1", "layer_norm1"), ("ln_2", "layer_norm2"), ("mlp.c_fc", "mlp.fc1"), ("mlp.c_proj", "mlp.fc2")):
                hf[t + h + ".weight"] = openai[s + o + ".weight"]
                hf[t + h + ".bias"] = openai[s + o + ".bias"]

    v, t = CONFIG["vision"], CONFIG["text"]
    hf["vision_model.embeddings.class_embedding"] = openai["visual.class_embedding"]
    hf["vision_model.embeddings.patch_embedding.weight"] = openai["visual.conv1.weight"]
    hf["vision_model.embeddings.position_embedding.weight"] = openai["visual.positional_embedding"]
    tokens = openai["visual.positional_embedding"].shape[0]
    hf["vision_model.embeddings.position_ids"] = torch.arange(tokens, dtype=torch.int64).unsqueeze(0)
    for part in ("weight", "bias"):
        hf[f"vision_model.pre_layrnorm.{part}"] = openai[f"visual.ln_pre.{part}"]
        hf[f"vision_model.post_layernorm.{part}"] = openai[f"visual.ln_post.{part}"]
        hf[f"text_model.final_layer_norm.{part}"] = openai[f"ln_final.{part}"]
    blocks("visual.transformer.resblocks", "vision_model.encoder.layers", v["layers"], v["width"])
    hf["visual_projection.weight"] = openai["visual.proj"].t().contiguous()
    hf["text_model.embeddings.token_embedding.weight"] = openai["token_embedding.weight"]
    hf["text_model.embeddings.position_embedding.weight"] = openai["positional_embedding"]
    hf["text_model.embeddings.position_ids"] = torch.arange(t["contextLength"], dtype=torch.int64).unsqueeze(0)
    blocks("transformer.resblocks", "text_model.encoder.layers", t["layers"], t["width"])
    hf["text_projection.weight"] = openai["text_projection"].t().contiguous()
    hf["logit_scale"] = openai["logit_scale"]
    return hf


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.int64: "I64"}


def write_safetensors(path, tensors, metadata=None):
    """safetensors by hand: u64 LE header length, JSON header, then the raw little-endian bytes."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        tensor = tensors[name].contiguous()
        data = tensor.numpy().tobytes()
        header[name] = {
            "dtype": SAFETENSORS_DTYPES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)))
        file.write(encoded)
        for chunk in chunks:
            file.write(chunk)


def rounded(values, digits=7):
    return [round(float(value), digits) for value in values]


def main():
    torch.manual_seed(20240603)
    model = Clip(CONFIG)
    with torch.no_grad():
        # Non-trivial LayerNorm gains and biases everywhere, so a mis-wired bias cannot hide.
        for name, parameter in model.named_parameters():
            if name.endswith("bias") or "ln_" in name:
                parameter.add_(0.1 * torch.randn_like(parameter))
        # Every weight exactly representable in float16, so the F16 file holds the same model.
        for parameter in model.parameters():
            parameter.copy_(parameter.half().float())
    model.eval()

    v, t = CONFIG["vision"], CONFIG["text"]
    size = v["imageSize"]
    generator = torch.Generator().manual_seed(7)
    levels = torch.randint(0, 256, (3, size, size, 3), generator=generator)  # NHWC bytes
    pixels = levels.float() / 255
    normalised = (pixels - torch.tensor(MEAN)) / torch.tensor(STD)
    eot, sot = t["vocabSize"] - 1, t["vocabSize"] - 2
    ids = [
        [sot, 5, 9, 13, eot, 0, 0, 0],
        [sot, 1, eot, 0, 0, 0, 0, 0],
        [sot, 47, 3, 3, 21, 30, 12, eot],
        [sot, 44, 2, 17, eot, 0, 0, 0],
    ]

    with torch.no_grad():
        attention = []
        image, patches = model.visual(normalised.permute(0, 3, 1, 2).contiguous(), attention)
        text = model.encode_text(torch.tensor(ids))

    os.makedirs(OUT_DIR, exist_ok=True)
    openai = openai_state_dict(model)
    write_safetensors(os.path.join(OUT_DIR, "openai.safetensors"), openai)
    hf = {name: (tensor if tensor.dtype == torch.int64 else tensor.half()) for name, tensor in huggingface_state_dict(openai).items()}
    write_safetensors(os.path.join(OUT_DIR, "huggingface.safetensors"), hf, {"format": "pt"})

    record = {
        "description": "Written by test-fixtures/scripts/clip-parity.py (PyTorch, OpenAI CLIP layout).",
        "torch": torch.__version__,
        "config": CONFIG,
        "pixelLevels": {"shape": list(levels.shape), "values": levels.flatten().tolist(), "scale": 255},
        "tokenIds": ids,
        "imageEmbeddings": [rounded(row) for row in image],
        "textEmbeddings": [rounded(row) for row in text],
        "patchTokensImage0": [rounded(row) for row in patches[0]],
        "lastLayerAttentionImage0": [[rounded(row) for row in head] for head in attention[-1][0]],
    }
    with open(os.path.join(OUT_DIR, "embeddings.json"), "w") as file:
        json.dump(record, file, separators=(",", ":"))
        file.write("\n")
    print("wrote", OUT_DIR, "parameters:", sum(p.numel() for p in model.parameters()))


if __name__ == "__main__":
    main()
