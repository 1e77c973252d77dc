# 010 monitor_registered_name
#
# Rule: Process.monitor(name) monitors the process registered under `name` at that
#       moment, and its DOWN identifies the object as {name, node()}, not by pid.
#       Monitoring a name nobody holds gives an immediate DOWN with :noproc.
#
# Trace:
#   down {:DOWN, :mref, :process, {:svc, :nonode@nohost}, :bye}
#   down {:DOWN, :mref2, :process, {:nobody, :nonode@nohost}, :noproc}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf010 do
  def await_down(mref) do
    receive do
      {:DOWN, ^mref, _, _, _} = down -> T.p("down", down)
    after
      1000 -> T.say("no_down")
    end
  end

  def run do
    svc = T.name(spawn(fn -> receive do: (:stop -> exit(:bye)) end), :svc_pid)
    true = Process.register(svc, :svc)
    mref = T.name(Process.monitor(:svc), :mref)
    send(:svc, :stop)
    await_down(mref)

    await_down(T.name(Process.monitor(:nobody), :mref2))
  end
end

T.start()
Conf010.run()
T.done()
