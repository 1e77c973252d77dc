"""OTP's behaviours, built on the process layer's public surface only.

Layers, each using only what the one below exports: ``_proc_lib`` (spawn with
ancestry, synchronous start) -> ``_gen`` (names, call, reply, stop) ->
``_gen_server`` -> ``_agent``; ``_sys`` speaks the system-message protocol
that ``_gen_server`` answers.
"""
