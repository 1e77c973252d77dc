# task_await_many: N Task.async then one Task.await_many over them, as beampy's
# task_await_many.py; each task runs double(i) = 2 * i. Checked: the replies are 2 * i in order,
# no process left.
Code.require_file("task_common.exs", __DIR__)

defmodule TaskAwaitMany do
  alias Bench.Common

  def start(i, n, acc) when i == n, do: :lists.reverse(acc)
  def start(i, n, acc), do: start(i + 1, n, [Task.async(fn -> TaskCommon.double(i) end) | acc])

  def run(%{impl: impl, n: n}) do
    base = :erlang.system_info(:process_count)
    t0 = Common.now()
    replies = Task.await_many(start(0, n, []))
    t1 = Common.now()
    Common.emit("task_await_many", impl, "task", n, Common.seconds(t0, t1))
    Common.check(replies == Enum.map(0..(n - 1), &(2 * &1)), "the replies are not 2 * i in order")
    # a task's process may still be exiting after its reply
    Process.sleep(50)
    Common.check(:erlang.system_info(:process_count) == base, "tasks left after await_many")
  end
end

TaskAwaitMany.run(Bench.Common.args())
