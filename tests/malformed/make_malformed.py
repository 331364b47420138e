#!/usr/bin/python3
"""make_malformed.py — regenerate the malformed model files in tests/malformed/.

Each file is a real model file with exactly one defect, made from the valid fixture model
tests/fixtures/ref/post_d8_h1.model.safetensors and named for its defect. EXPECTED.tsv (kept by
hand, beside this script) lists every file with a substring that tfscope's error message must
contain; tests/test_malformed.c and tests/test_cli_bad_input.sh read it. This script checks that
the two lists name the same files.

Deterministic: the files are written byte for byte the same on every run, with no randomness:
    /usr/bin/python3 tests/malformed/make_malformed.py
Needs only the Python standard library. Files not made by this script (fuzzer reproducers, saved
under tests/malformed/ when a fuzzer finds a crash) are left alone.
"""

import json
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "fixtures", "ref", "post_d8_h1.model.safetensors")


# ------------------------------------------------------------------------------ the valid model

def read_model(path):
    """Returns (metadata dict, [(name, dtype, shape, data bytes)] in data order)."""
    with open(path, "rb") as f:
        buf = f.read()
    (hlen,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + hlen])
    data = buf[8 + hlen:]
    meta = header.pop("__metadata__")
    tensors = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0])
    out = []
    for name, t in tensors:
        b, e = t["data_offsets"]
        out.append((name, t["dtype"], list(t["shape"]), data[b:e]))
    return meta, out


def header_bytes(header_json):
    """The 8-byte length and the JSON header, padded with spaces to a multiple of 8."""
    h = header_json.encode("utf-8")
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h


def entries(meta, tensors, offsets=None):
    """The header as an ordered list of (key, value) pairs; offsets overrides data_offsets."""
    pairs, pos = [("__metadata__", meta)], 0
    for name, dtype, shape, raw in tensors:
        offs = (offsets or {}).get(name, [pos, pos + len(raw)])
        pairs.append((name, {"dtype": dtype, "shape": shape, "data_offsets": offs}))
        pos += len(raw)
    return pairs


def data_of(tensors):
    return b"".join(t[3] for t in tensors)


def build_pairs(pairs, data):
    """A safetensors file from header pairs, which may repeat a key (as JSON text allows)."""
    text = ",".join(json.dumps(k) + ":" + json.dumps(v, separators=(",", ":")) for k, v in pairs)
    return header_bytes("{" + text + "}") + data


def build(meta, tensors, offsets=None):
    return build_pairs(entries(meta, tensors, offsets), data_of(tensors))


def f32(values):
    return struct.pack("<%df" % len(values), *values)


def f16(values):
    return struct.pack("<%de" % len(values), *values)


def unpack_f32(raw):
    return list(struct.unpack("<%df" % (len(raw) // 4), raw))


# ------------------------------------------------------------------------------ the defects

def with_meta(meta, **changes):
    m = dict(meta)
    for k, v in changes.items():
        if v is None:
            del m[k]
        else:
            m[k] = v
    return m


def replace(tensors, name, dtype=None, shape=None, raw=None):
    out = []
    for n, d, s, r in tensors:
        if n == name:
            d, s, r = dtype or d, shape if shape is not None else s, raw if raw is not None else r
        out.append((n, d, s, r))
    return out


def poison(tensors, name, index, value):
    for n, d, s, r in tensors:
        if n == name:
            vals = unpack_f32(r)
            vals[index] = value
            return replace(tensors, name, raw=f32(vals))
    raise KeyError(name)


def offsets_of(tensors, name):
    pos = 0
    for n, _, _, r in tensors:
        if n == name:
            return pos, pos + len(r)
        pos += len(r)
    raise KeyError(name)


def make_all():
    meta, T = read_model(BASE)
    valid = build(meta, T)
    hlen = struct.unpack("<Q", valid[:8])[0]
    data_len = len(valid) - 8 - hlen
    files = {}

    # --- the container
    files["empty_file"] = b""
    files["seven_bytes"] = valid[:7]
    files["truncated_in_data"] = valid[:8 + hlen + data_len // 2]
    files["header_length_past_end"] = struct.pack("<Q", len(valid)) + valid[8:]
    files["header_length_huge"] = struct.pack("<Q", 2**63 + 5) + valid[8:]
    files["header_not_json"] = header_bytes('{"__metadata__": {"d_model": "8"}, oops') + valid[8 + hlen:]
    files["header_json_not_object"] = header_bytes("[1, 2, 3]") + valid[8 + hlen:]
    files["header_contains_nul"] = valid[:8 + 20] + b"\0" + valid[8 + 21:]
    w_name = "encoder.layers.0.self_attn.in_proj_weight"
    b_name = "encoder.layers.0.self_attn.in_proj_bias"
    wb, we = offsets_of(T, w_name)
    files["data_offsets_overlapping"] = build(meta, T, {b_name: [we - 8, we - 8 + 96]})
    # the overlap hides behind an empty tensor that sorts between the two
    pairs = entries(meta, T, {b_name: [we - 8, we - 8 + 96]})
    pairs.append(("empty", {"dtype": "F32", "shape": [0], "data_offsets": [wb + 8, wb + 8]}))
    files["data_offsets_overlap_across_empty_tensor"] = build_pairs(pairs, data_of(T))
    files["data_offsets_outside_file"] = build(meta, T, {b_name: [data_len, data_len + 96]})
    files["data_offsets_not_integers"] = build(meta, T, {b_name: [768.5, 864.5]})
    # shape [12, 8] is 384 bytes; the offsets still span the 768 bytes of [24, 8]
    files["shape_byte_count_mismatch"] = build(meta, replace(T, w_name, shape=[12, 8]),
                                               {w_name: [wb, we]})
    # the same key twice in the header's JSON text: cJSON keeps both
    pairs = entries(meta, T)
    twice = [p for p in pairs if p[0] == b_name]
    files["duplicate_tensor_name"] = build_pairs(pairs + twice, data_of(T))
    # __metadata__ twice, the second one smaller than the first
    files["duplicate_metadata"] = build_pairs(pairs + [("__metadata__", {"task": "dup"})],
                                              data_of(T))
    files["metadata_value_not_string"] = build(with_meta(meta, d_model=8), T)

    # --- the tensors
    files["tensor_missing"] = build(meta, [t for t in T if t[0] != "decoder.layers.0.linear1.bias"])
    # a large one: named, not reported as a shortfall of bytes
    files["weight_matrix_missing"] = build(
        meta, [t for t in T if t[0] != "decoder.layers.0.multihead_attn.in_proj_weight"])
    files["wrong_shape"] = build(meta, replace(T, "encoder.layers.0.linear1.weight", shape=[8, 12]))
    norm = "encoder.layers.0.norm1.weight"
    norm_vals = unpack_f32([t for t in T if t[0] == norm][0][3])
    files["dtype_f16"] = build(meta, replace(T, norm, dtype="F16", raw=f16(norm_vals)))
    files["dtype_unknown"] = build(meta, replace(T, norm, dtype="F17"))
    files["nan_weight"] = build(meta, poison(T, "encoder.layers.0.linear1.weight", 5, math.nan))
    files["inf_weight"] = build(meta, poison(T, "decoder.layers.0.linear2.bias", 3, -math.inf))
    extra = ("encoder.layers.1.norm1.weight", "F32", [8], f32([1.0] * 8))
    files["unexpected_extra_layer"] = build(meta, T + [extra])
    files["embedding_rows_not_vocab"] = build(
        with_meta(meta, src_vocab=json.dumps(json.loads(meta["src_vocab"])[:-1])), T)

    # --- the metadata
    files["nhead_not_dividing_d_model"] = build(with_meta(meta, nhead="3"), T)
    files["metadata_missing_d_model"] = build(with_meta(meta, d_model=None), T)
    files["d_model_not_a_number"] = build(with_meta(meta, d_model="eight"), T)
    files["layer_norm_eps_invalid"] = build(with_meta(meta, layer_norm_eps="-1"), T)
    # positive as a double, 0 as the float32 the model keeps (found by fuzz_trace)
    files["layer_norm_eps_underflows_float32"] = build(with_meta(meta, layer_norm_eps="1e-50"), T)
    src_vocab = json.loads(meta["src_vocab"])
    no_bos = [t if t != "<bos>" else "<start>" for t in src_vocab]
    files["vocab_without_bos"] = build(with_meta(meta, src_vocab=json.dumps(no_bos)), T)
    files["vocab_not_json"] = build(with_meta(meta, src_vocab=" ".join(src_vocab)), T)
    files["vocab_duplicate_token"] = build(
        with_meta(meta, tgt_vocab=json.dumps(json.loads(meta["tgt_vocab"])[:-1] + ["t0"])), T)
    # a config far larger than the weights the file holds (must fail, not allocate terabytes)
    files["config_larger_than_file"] = build(
        with_meta(meta, d_model="65536", nhead="1", num_encoder_layers="256",
                  num_decoder_layers="256", dim_feedforward="1048576"), T)
    return files


def read_expected():
    with open(os.path.join(HERE, "EXPECTED.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and line[0] != "#"]
    return {r[0]: r[1] for r in rows}


def main():
    files = make_all()
    for name, data in sorted(files.items()):
        with open(os.path.join(HERE, name + ".safetensors"), "wb") as f:
            f.write(data)
    expected = read_expected()
    made = {n + ".safetensors" for n in files}
    missing = sorted(made - set(expected))
    if missing:
        sys.exit("make_malformed.py: EXPECTED.tsv has no line for: " + ", ".join(missing))
    stale = sorted(n for n in set(expected) - made if not os.path.exists(os.path.join(HERE, n)))
    if stale:
        sys.exit("make_malformed.py: EXPECTED.tsv lists files that do not exist: " +
                 ", ".join(stale))
    print("wrote %d files to %s" % (len(files), HERE))


if __name__ == "__main__":
    main()
