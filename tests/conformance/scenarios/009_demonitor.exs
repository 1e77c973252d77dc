# 009 demonitor
#
# Rule: demonitor of a live monitor guarantees no DOWN will ever arrive, and
#       demonitor(ref, [:info]) then returns true. When the DOWN is already queued:
#       plain demonitor returns true and leaves the DOWN in the mailbox;
#       [:info] returns false (monitor already gone) and also leaves it;
#       [:flush] returns true and removes it.
#
# Trace:
#   live_info true
#   after_live :empty
#   demonitor_plain true
#   leftover {:DOWN, :mref1, :process, :child1, :normal}
#   leftover :empty
#   demonitor_info false
#   leftover_info {:DOWN, :mref2, :process, :child2, :normal}
#   leftover_info :empty
#   demonitor_flush true
#   after_flush :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf009 do
  def waiter(reason), do: spawn(fn -> receive do: (:stop -> exit(reason)) end)

  # Returns a monitor ref whose DOWN (reason :normal) is already in our mailbox.
  def queued_down(pid_label, ref_label) do
    pid = T.name(waiter(:normal), pid_label)
    mref = T.name(Process.monitor(pid), ref_label)
    send(pid, :stop)
    # a second monitor tells us the process is gone; the first DOWN was sent
    # together with it, the pause leaves it plenty of time to land
    T.wait_down(pid)
    Process.sleep(50)
    mref
  end

  def run do
    live = T.name(waiter(:boom), :live)
    mref = Process.monitor(live)
    T.p("live_info", Process.demonitor(mref, [:info]))
    send(live, :stop)
    T.wait_down(live)
    Process.sleep(50)
    T.flush("after_live")

    mref1 = queued_down(:child1, :mref1)
    T.p("demonitor_plain", Process.demonitor(mref1))
    T.flush("leftover")

    mref2 = queued_down(:child2, :mref2)
    T.p("demonitor_info", Process.demonitor(mref2, [:info]))
    T.flush("leftover_info")

    mref3 = queued_down(:child3, :mref3)
    T.p("demonitor_flush", Process.demonitor(mref3, [:flush]))
    T.flush("after_flush")
  end
end

T.start()
Conf009.run()
T.done()
