# 132 yield_many_all_done
# Rule: yield_many returns as soon as every task has a result (well before its timeout),
#       in input order whatever the completion order; its timer leaves no message; a
#       task that crashed shows {:exit, reason} for a trapping caller, whose mailbox then
#       holds the task's {:EXIT, ...} (and the normal EXITs of the others).
# Trace: results [{{:task, :t1}, {:ok, :slow}}, {{:task, :t2}, {:exit, :boom}},
#        {{:task, :t3}, {:ok, :quick}}], before_timeout true, then the EXIT messages
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf132 do
  def run do
    Process.flag(:trap_exit, true)
    t1 = Task.async(fn -> Process.sleep(100); :slow end)
    t2 = Task.async(fn -> Process.sleep(50); exit(:boom) end)
    t3 = Task.async(fn -> :quick end)
    T.name(t1.pid, :t1)
    T.name(t2.pid, :t2)
    T.name(t3.pid, :t3)
    started = System.monotonic_time(:millisecond)
    T.p("results", Task.yield_many([t1, t2, t3], 5000))
    T.p("before_timeout", System.monotonic_time(:millisecond) - started < 2000)
    Process.sleep(20)
    exits = T.drain()
    T.p("exits", Enum.sort_by(exits, fn {:EXIT, pid, _} -> Enum.find_index([t1.pid, t2.pid, t3.pid], &(&1 == pid)) end))
  end
end

T.start()
Conf132.run()
T.done()
