# 059 monitored_by_order
# Checks: Process.info(pid, :monitored_by) lists the processes monitoring pid newest
#         first (a monitor made twice by one process is listed twice).
# Expected: [:p3, :p2, :main, :p1, :main]
Code.require_file("../support/trace.exs", __DIR__)

defmodule Scenario do
  def run do
    me = self()
    t = T.name(spawn(fn -> receive(do: (:never -> :ok)) end), :t)
    Process.monitor(t)

    watcher = fn ->
      Process.monitor(t)
      send(me, :ok)
      receive(do: (:never -> :ok))
    end

    T.name(spawn(watcher), :p1)
    receive(do: (:ok -> :ok))
    Process.monitor(t)
    T.name(spawn(watcher), :p2)
    receive(do: (:ok -> :ok))
    T.name(spawn(watcher), :p3)
    receive(do: (:ok -> :ok))
    T.p("monitored_by", Process.info(t, :monitored_by))
  end
end

T.start()
Scenario.run()
T.done()
