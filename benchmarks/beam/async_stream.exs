# async_stream: Task.async_stream of double(i) = 2 * i over 0..N-1 at max_concurrency 100,
# to a list, as beampy's async_stream.py; async_stream_unordered.exs passes ordered: false.
# Checked: the list is {:ok, 2 * i} in order (unordered: once sorted), no process left.
Code.require_file("task_common.exs", __DIR__)

AsyncStreamBench.run(Bench.Common.args(), true)
