# 007 spawn_monitor_down
#
# Rule: spawn_monitor/1 returns {pid, ref} and the DOWN message has the shape
#       {:DOWN, ref, :process, pid, reason}. Spawning and monitoring is one atomic
#       step, so a process that exits at once still reports its real reason
#       (never :noproc).
#
# Trace:
#   down {:DOWN, :mref, :process, :child, :normal}
#   down {:DOWN, :mref2, :process, :child2, :quick}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf007 do
  def watch(body, pid_label, ref_label) do
    {pid, ref} = spawn_monitor(body)
    T.name(pid, pid_label)
    T.name(ref, ref_label)

    receive do
      {:DOWN, ^ref, _, _, _} = down -> T.p("down", down)
    end
  end

  def run do
    watch(fn -> :returns end, :child, :mref)
    watch(fn -> exit(:quick) end, :child2, :mref2)
  end
end

T.start()
Conf007.run()
T.done()
