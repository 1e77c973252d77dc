# async_stream_unordered: async_stream.exs with ordered: false (results as tasks finish).
Code.require_file("task_common.exs", __DIR__)
AsyncStreamBench.run(Bench.Common.args(), false)
