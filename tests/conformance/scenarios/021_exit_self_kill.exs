# 021 exit_self_kill
#
# Rule: Process.exit(self(), :kill) kills the caller even though it traps exits; the
#       reason seen by its monitor is :killed and the code after the call never runs.
#
# Trace:
#   down :killed
#   leftover :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf021 do
  def run do
    main = self()

    victim =
      spawn(fn ->
        Process.flag(:trap_exit, true)
        receive do: (:go -> :ok)
        Process.exit(self(), :kill)
        send(main, :continued)
      end)

    T.name(victim, :p)
    mref = Process.monitor(victim)
    send(victim, :go)
    receive do: ({:DOWN, ^mref, :process, _, why} -> T.p("down", why))
    T.flush("leftover")
  end
end

T.start()
Conf021.run()
T.done()
