"""Workload scripts, one package per implementation and one module per workload.

Run as ``python -m benchmarks.workloads.<impl>.<bench> --n N`` from the repository root;
``benchmarks/run.py`` does that in a fresh interpreter for every run.
"""
