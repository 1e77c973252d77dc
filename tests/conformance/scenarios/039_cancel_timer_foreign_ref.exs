# 039 cancel_timer_foreign_ref
#
# Rule: cancel_timer/1 and read_timer/1 on a reference that is not a timer (a fresh
#       make_ref/0, a monitor reference) return false and have no other effect: the
#       monitor still delivers its DOWN.
#
# Trace:
#   cancel_plain_ref false
#   read_plain_ref false
#   cancel_monitor_ref false
#   read_monitor_ref false
#   down {:DOWN, :mref, :process, :w, :bye}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf039 do
  def run do
    plain = make_ref()
    T.p("cancel_plain_ref", Process.cancel_timer(plain))
    T.p("read_plain_ref", Process.read_timer(plain))

    w = T.name(spawn(fn -> receive do: (:stop -> exit(:bye)) end), :w)
    mref = T.name(Process.monitor(w), :mref)
    T.p("cancel_monitor_ref", Process.cancel_timer(mref))
    T.p("read_monitor_ref", Process.read_timer(mref))
    send(w, :stop)

    receive do
      {:DOWN, ^mref, _, _, _} = down -> T.p("down", down)
    after
      1000 -> T.say("no_down")
    end
  end
end

T.start()
Conf039.run()
T.done()
