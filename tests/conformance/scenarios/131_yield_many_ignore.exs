# 131 yield_many_ignore
# Rule: Elixir 1.15's `on_timeout: :ignore` is `res || Task.ignore(task)` on yield_many's
#       results (recorded on 1.14 in that form): the late task is unlinked and demonitored,
#       keeps running, its later crash does not reach the caller and its later reply is
#       dropped.
# Trace: results [{{:task, :t1}, {:ok, 1}}, {{:task, :t2}, nil}, {{:task, :t3}, nil}],
#        t2_down :boom, t3_down :normal, caller_alive true, mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf131 do
  def run do
    t1 = Task.async(fn -> 1 end)
    t2 = Task.async(fn -> receive do: (:go -> exit(:boom)) end)
    t3 = Task.async(fn -> receive do: (:go -> :late) end)
    T.name(t1.pid, :t1)
    T.name(t2.pid, :t2)
    T.name(t3.pid, :t3)

    results =
      for {task, res} <- Task.yield_many([t1, t2, t3], 50) do
        {task, res || Task.ignore(task)}
      end

    T.p("results", results)
    send(t2.pid, :go)
    T.p("t2_down", T.wait_down(t2.pid))
    send(t3.pid, :go)
    T.p("t3_down", T.wait_down(t3.pid))
    Process.sleep(20)
    T.p("caller_alive", Process.alive?(self()))
    T.flush()
  end
end

T.start()
Conf131.run()
T.done()
