# task_async_await: N Task.async + Task.await pairs, one after the other, as beampy's
# task_async_await.py; each task runs double(i) = 2 * i. Checked: the replies sum to N * (N - 1),
# no process left.
Code.require_file("task_common.exs", __DIR__)

defmodule TaskAsyncAwait do
  alias Bench.Common

  def loop(i, n, total) when i == n, do: total

  def loop(i, n, total) do
    t = Task.async(fn -> TaskCommon.double(i) end)
    loop(i + 1, n, total + Task.await(t))
  end

  def run(%{impl: impl, n: n}) do
    base = :erlang.system_info(:process_count)
    t0 = Common.now()
    total = loop(0, n, 0)
    t1 = Common.now()
    Common.emit("task_async_await", impl, "pair", n, Common.seconds(t0, t1))
    Common.check(total == n * (n - 1), "the replies sum to #{total}, not #{n * (n - 1)}")
    Common.check(:erlang.system_info(:process_count) == base, "tasks left after their await")
  end
end

TaskAsyncAwait.run(Bench.Common.args())
