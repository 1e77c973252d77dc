# Shared by the task_*.exs and async_stream*.exs scripts (not a workload itself): the
# trivial function and the async_stream workload (ordered or not).
Code.require_file("common.exs", __DIR__)

defmodule TaskCommon do
  def double(i), do: 2 * i
end

defmodule AsyncStreamBench do
  alias Bench.Common

  @max_concurrency 100

  def run(%{impl: impl, n: n}, ordered) do
    bench = if ordered, do: "async_stream", else: "async_stream_unordered"
    base = :erlang.system_info(:process_count)
    t0 = Common.now()

    results =
      Task.async_stream(0..(n - 1), &TaskCommon.double/1,
        max_concurrency: @max_concurrency,
        ordered: ordered
      )
      |> Enum.to_list()

    t1 = Common.now()
    Common.emit(bench, impl, "item", n, Common.seconds(t0, t1), max_concurrency: @max_concurrency)
    results = if ordered, do: results, else: Enum.sort(results)
    Common.check(results == Enum.map(0..(n - 1), &{:ok, 2 * &1}), "wrong results")
    Process.sleep(50)
    Common.check(:erlang.system_info(:process_count) == base, "tasks left after the stream")
  end
end
