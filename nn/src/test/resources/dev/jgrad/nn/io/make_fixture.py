#!/usr/bin/env python3
"""Writes the PyTorch-side fixtures of SafetensorsFixtureTest (run outside the build; outputs are committed).

    /usr/bin/python3 make_fixture.py      # needs torch (Debian: python3-torch); no safetensors package needed

A seeded PyTorch MLP, nn.Sequential(Linear(3, 4), Tanh(), Linear(4, 2)), is written the way the
safetensors library's save_file writes it (the reference serializer's rules, applied by hand with
struct and json, since the safetensors package is not in Debian):

  * tensors sorted by dtype (descending, in the library's Dtype order) and then by name;
  * the header is compact JSON: "__metadata__" first, then the tensors in data order, each
    {"dtype", "shape", "data_offsets"} with offsets relative to the data section;
  * the header is padded with spaces to a multiple of 8 bytes; its length is a little-endian u64;
  * data is row-major, little-endian.

jgrad's Linear stores its weight as [in, out], PyTorch's as [out, in]: the weights are written
transposed (w.T.contiguous()), which is what a PyTorch user exporting to jgrad does.

tiny_mlp.safetensors     the state dict, named as jgrad's Sequential names it: 0.weight, 0.bias, 2.weight, 2.bias
tiny_mlp_io.safetensors  an input batch, the model's output on it (float32), and the input in float64
"""
import json
import os
import struct

import torch

# The library's Dtype enum order; prepare() sorts by it, descending.
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64",
               "I64", "U64"]
DTYPES = {torch.float32: ("F32", "<%df"), torch.float64: ("F64", "<%dd")}


def save_file(tensors, path, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPE_ORDER.index(DTYPES[kv[1].dtype][0]), kv[0]))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    data = b""
    for name, t in items:
        dtype, fmt = DTYPES[t.dtype]
        values = t.contiguous().flatten().tolist()
        raw = struct.pack(fmt % len(values), *values)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(data)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    torch.manual_seed(20240607)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    state = {}
    for name, p in model.state_dict().items():
        state[name] = p.T.contiguous() if name.endswith("weight") else p.clone()
    save_file(state, os.path.join(here, "tiny_mlp.safetensors"), metadata={"format": "pt"})

    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=torch.float32)
    with torch.no_grad():
        y = model(x)
    save_file({"input": x, "output": y, "input_f64": x.double()}, os.path.join(here, "tiny_mlp_io.safetensors"),
              metadata={"torch": torch.__version__})


if __name__ == "__main__":
    main()
