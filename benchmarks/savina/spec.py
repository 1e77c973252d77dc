"""The Savina subset as specified in ``shared/benchmarks/SAVINA.md``: names, sizes, checksums.

One place for what every implementation must agree on: the twelve workloads and their ids, the
parameters at each size (``smoke`` for CI, ``small`` sized to about 1 s on the BEAM, ``default``
as Savina ships), the PRNG, the trapezoid integrand, and the checksum each run must produce.
The Python workers check every iteration against :func:`verify`; the runner checks the BEAM's
lines with the same function.
"""

from __future__ import annotations

import math
from typing import Any

# (id in the Savina/CAF numbering, short name, title)
WORKLOADS: list[tuple[int, str, str]] = [
    (1, "pingpong", "PingPong"),
    (2, "counting", "Counting"),
    (3, "fjthrput", "FJ Throughput"),
    (4, "fjcreate", "FJ Create"),
    (5, "threadring", "Thread Ring"),
    (6, "chameneos", "Chameneos"),
    (7, "big", "Big"),
    (8, "dictionary", "Concurrent Dictionary"),
    (15, "bank", "Bank Transaction"),
    (18, "sieve", "Sieve"),
    (21, "trapezoid", "Trapezoid"),
    (29, "fib", "Fibonacci"),
]
BENCHES = [name for _, name, _ in WORKLOADS]
TITLES = {name: f"{title} (#{num})" for num, name, title in WORKLOADS}
SIZE_NAMES = ["smoke", "small", "default"]

Params = dict[str, int]

SIZES: dict[str, dict[str, Params]] = {
    "smoke": {
        "pingpong": {"n": 10_000},
        "counting": {"n": 100_000},
        "fjthrput": {"a": 10, "n": 1_000},
        "fjcreate": {"n": 10_000},
        "threadring": {"n": 100, "r": 10_007},
        "chameneos": {"c": 10, "m": 10_000},
        "big": {"w": 10, "n": 1_000},
        "dictionary": {"e": 4, "m": 1_000, "w": 10},
        "bank": {"a": 100, "n": 2_000},
        "sieve": {"n": 10_000, "m": 100},
        "trapezoid": {"n": 100_000, "w": 10},
        "fib": {"n": 15},
    },
    "small": {
        "pingpong": {"n": 2_000_000},
        "counting": {"n": 15_000_000},
        "fjthrput": {"a": 60, "n": 80_000},
        "fjcreate": {"n": 1_000_000},
        "threadring": {"n": 100, "r": 4_000_000},
        "chameneos": {"c": 100, "m": 1_500_000},
        "big": {"w": 120, "n": 25_000},
        "dictionary": {"e": 20, "m": 100_000, "w": 10},
        "bank": {"a": 1_000, "n": 700_000},
        "sieve": {"n": 350_000, "m": 1_000},
        "trapezoid": {"n": 10_000_000, "w": 100},
        "fib": {"n": 28},
    },
    "default": {
        "pingpong": {"n": 40_000},
        "counting": {"n": 1_000_000},
        "fjthrput": {"a": 60, "n": 10_000},
        "fjcreate": {"n": 40_000},
        "threadring": {"n": 100, "r": 100_000},
        "chameneos": {"c": 100, "m": 200_000},
        "big": {"w": 120, "n": 20_000},
        "dictionary": {"e": 20, "m": 10_000, "w": 10},
        "bank": {"a": 1_000, "n": 50_000},
        "sieve": {"n": 100_000, "m": 1_000},
        "trapezoid": {"n": 10_000_000, "w": 100},
        "fib": {"n": 25},
    },
}

# Savina's BenchmarkRunner: 12 iterations, times outside +-20 % of the median dropped.
ITERATIONS = 12
FILTER_TOLERANCE = 0.20

# ---------------------------------------------------------------------------------------------
# what the workloads compute


def next_random(state: int) -> int:
    """Savina's PseudoRandom step: the new state is also the value drawn."""
    return (state * 1309 + 13849) & 65535


FJ_ARG = 37.2  # FJ Throughput / FJ Create: each message computes sin(37.2)**2 and checks it


def fj_work() -> None:
    s = math.sin(FJ_ARG)
    if not s * s > 0:
        raise AssertionError("sin(37.2)**2 must be positive")


TRAP_LEFT, TRAP_RIGHT = 1.0, 5.0


def trap_f(x: float) -> float:
    """The trapezoid integrand: sin(x**3 - 1) / (x + 1) * sqrt(1 + e**sqrt(2x))."""
    return (
        math.sin(math.pow(x, 3.0) - 1.0) / (x + 1.0) * math.sqrt(1.0 + math.exp(math.sqrt(2.0 * x)))
    )


def trap_area(start: int, count: int, h: float) -> float:
    """A worker's share: pieces ``start .. start+count-1``, two f calls per piece."""
    area = 0.0
    f = trap_f
    left = TRAP_LEFT
    for i in range(start, start + count):
        x = left + i * h
        area += 0.5 * (f(x) + f(x + h)) * h
    return area


def complement(a: int, b: int) -> int:
    """Chameneos colours 0, 1, 2 (red, yellow, blue): equal stay; else the third one."""
    return a if a == b else 3 - a - b


DICT_KEYS = 65_536


def dict_value(k: int) -> int:
    return (31 * k + 7) % 65_536


# ---------------------------------------------------------------------------------------------
# checksums

_BIG = {"default": 142_817_704, "small": 178_480_840, "smoke": 45_094}
_DICT = {
    "default": [180_012, 19_988, 65_536, 2_143_453_312],
    "small": [1_799_662, 200_338, 65_536, 2_143_453_312],
    "smoke": [3_572, 428, 65_536, 2_147_671_094],
}
_BANK = {"default": 488_841_539_874, "small": 6_816_638_140_510, "smoke": 1_957_503_484}
_SIEVE = {"default": 9_592, "small": 29_977, "smoke": 1_229}
_TRAP = {"default": 0.2710807519529585, "small": 0.2710807519529585, "smoke": 0.2710807507351664}
_FIB = {"default": 75_025, "small": 317_811, "smoke": 610}


def expected(bench: str, size: str) -> Any:
    """The checksum a run of ``bench`` at ``size`` must produce."""
    p = SIZES[size][bench]
    match bench:
        case "pingpong" | "counting" | "fjcreate":
            return p["n"]
        case "fjthrput":
            return p["a"] * p["n"]
        case "threadring":
            return p["r"] % p["n"]
        case "chameneos":
            return 2 * p["m"]
        case "big":
            return _BIG[size]
        case "dictionary":
            return _DICT[size]
        case "bank":
            return _BANK[size]
        case "sieve":
            return _SIEVE[size]
        case "trapezoid":
            return _TRAP[size]
        case "fib":
            return _FIB[size]
    raise ValueError(f"unknown workload {bench!r}")


def verify(bench: str, size: str, result: Any) -> bool:
    """True when ``result`` is the checksum of ``bench`` at ``size``."""
    want = expected(bench, size)
    if bench == "trapezoid":
        return isinstance(result, float) and abs(result - want) <= 1e-9 * abs(want)
    if isinstance(want, list):
        return isinstance(result, list | tuple) and [int(x) for x in result] == want
    return type(result) is int and result == want


def params(bench: str, size: str) -> Params:
    return dict(SIZES[size][bench])


def describe(p: Params) -> str:
    return " ".join(f"{k.upper()}={v}" for k, v in p.items())
