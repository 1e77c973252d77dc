# 008 monitor_dead_pid
#
# Rule: monitoring a pid that has already exited does not raise; a DOWN message with
#       reason :noproc arrives right away.
#
# Trace:
#   first_down :normal
#   down {:DOWN, :mref, :process, :child, :noproc}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf008 do
  def run do
    child = T.name(spawn(fn -> nil end), :child)
    T.p("first_down", T.wait_down(child))
    mref = T.name(Process.monitor(child), :mref)

    receive do
      {:DOWN, ^mref, _, _, _} = down -> T.p("down", down)
    after
      1000 -> T.say("no_down")
    end
  end
end

T.start()
Conf008.run()
T.done()
