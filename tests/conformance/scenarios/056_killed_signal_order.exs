# 056 killed_signal_order
#
# Rule: signals from one process arrive in the order it sent them, and a killed process
#       sends its own EXITs and DOWNs as it dies. So a monitor or link set up right after
#       the exit signal (the same sender) is answered with :noproc only after the dying
#       process's EXIT and DOWN for the link and monitor made before; linking again to a
#       process one is linked to already does nothing (no second EXIT); the name of a
#       killed process is free once its DOWN has arrived.
#
# Trace: the caller traps exits; p is linked, monitored and registered, then gets
#        exit(p, :shutdown), a second monitor and a second link; q is only monitored,
#        gets exit(q, :kill) and a link; r is monitored and registered, gets
#        exit(r, :shutdown), a link and a monitor by its name (answered in that order).
#        Every message is printed in arrival order.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf056 do
  def idle, do: receive(do: (:never -> :ok))

  def take(label) do
    receive do
      m -> T.p(label, m)
    after
      1000 -> T.say("nothing")
    end
  end

  def run do
    Process.flag(:trap_exit, true)
    p = T.name(spawn_link(&idle/0), :p)
    T.name(Process.monitor(p), :before_kill)
    Process.register(p, :svc)
    Process.sleep(50)
    Process.exit(p, :shutdown)
    T.name(Process.monitor(p), :after_kill)
    T.p("link_again", Process.link(p))
    for i <- 1..3, do: take("p_#{i}")

    q = T.name(spawn(&idle/0), :q)
    T.name(Process.monitor(q), :q_before_kill)
    Process.sleep(50)
    Process.exit(q, :kill)
    T.p("link_after_kill", Process.link(q))
    for i <- 1..2, do: take("q_#{i}")

    # answers in request order: a link, then a monitor by the name it held
    r = T.name(spawn(&idle/0), :r)
    T.name(Process.monitor(r), :r_before_kill)
    Process.register(r, :svc2)
    Process.sleep(50)
    Process.exit(r, :shutdown)
    T.p("link_r", Process.link(r))
    T.name(Process.monitor(:svc2), :by_name)
    for i <- 1..3, do: take("r_#{i}")

    T.say("mailbox")
    take("left")
    T.p("whereis", Process.whereis(:svc))
    T.p("register", Process.register(self(), :svc))
  end
end

T.start()
Conf056.run()
T.done()
