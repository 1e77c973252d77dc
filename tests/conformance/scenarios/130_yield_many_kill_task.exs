# 130 yield_many_kill_task
# Rule: yield_many returns {task, nil} for a task still running at the timeout; Elixir
#       1.15's `on_timeout: :kill_task` is defined as `res || Task.shutdown(task,
#       :brutal_kill)` on those results (recorded here on 1.14 in that spelled-out form):
#       the late task is killed, its slot is nil, and nothing is left in the mailbox.
# Trace: results [{{:task, :t1}, {:ok, :fast}}, {{:task, :t2}, nil},
#        {{:task, :t3}, {:exit, :normal}}], t2_down :killed, mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf130 do
  def run do
    t1 = Task.async(fn -> :fast end)
    t2 = Task.async(fn -> Process.sleep(:infinity) end)
    t3 = Task.async(fn -> exit(:normal) end)
    T.name(t1.pid, :t1)
    T.name(t2.pid, :t2)
    T.name(t3.pid, :t3)
    mref = Process.monitor(t2.pid)

    results =
      for {task, res} <- Task.yield_many([t1, t2, t3], 50) do
        {task, res || Task.shutdown(task, :brutal_kill)}
      end

    T.p("results", results)
    receive do: ({:DOWN, ^mref, _, _, reason} -> T.p("t2_down", reason))
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf130.run()
T.done()
