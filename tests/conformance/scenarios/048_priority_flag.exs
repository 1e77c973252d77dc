# 048 priority_flag
#
# Rule: Process.flag(:priority, p) returns the previous priority (:normal at
#       start), Process.info(pid, :priority) reports the current one, a process can
#       be spawned with a priority (spawn_opt), and an unknown priority raises
#       ArgumentError.
#
# Trace:
#   old :normal
#   old :high
#   info {:priority, :low}
#   old :low
#   spawned {:priority, :high}
#   invalid raised ArgumentError
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf048 do
  def run do
    T.p("old", Process.flag(:priority, :high))
    T.p("old", Process.flag(:priority, :low))
    T.p("info", Process.info(self(), :priority))
    T.p("old", Process.flag(:priority, :normal))

    pid = :erlang.spawn_opt(fn -> receive do: (:stop -> :ok) end, [{:priority, :high}])
    T.p("spawned", Process.info(pid, :priority))
    send(pid, :stop)

    try do
      T.p("invalid returned", Process.flag(:priority, :urgent))
    rescue
      err -> T.p("invalid raised", err.__struct__)
    end
  end
end

T.start()
Conf048.run()
T.done()
