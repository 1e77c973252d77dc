# 031 unlink_stops_propagation
#
# Rule: once Process.unlink/1 has returned the link is gone for the caller: a later
#       abnormal exit of the former peer neither kills a non-trapping caller nor
#       reaches a trapping one as {:EXIT, ...}. unlink/1 returns true, also for a
#       live pid that was never linked and for a dead pid.
#
# Trace:
#   unlink true
#   a_links {:links, []}
#   b_down :boom
#   a_reply :pong
#   trapper_got :nothing
#   unlink_unlinked true
#   unlink_dead true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf031 do
  def crash_on_go, do: receive(do: (:go -> exit(:boom)))

  def run do
    main = self()

    # a (not trapping) spawn_links b, then unlinks it on request
    a =
      spawn(fn ->
        send(main, {:b, spawn_link(&crash_on_go/0)})
        receive do: ({:unlink, b} -> send(main, {:unlinked, Process.unlink(b)}))
        receive do: (:ping -> send(main, :pong))
      end)

    T.name(a, :a)
    b = receive do: ({:b, pid} -> T.name(pid, :b))
    send(a, {:unlink, b})
    receive do: ({:unlinked, r} -> T.p("unlink", r))
    T.p("a_links", Process.info(a, :links))
    send(b, :go)
    T.p("b_down", T.wait_down(b))
    Process.sleep(50)
    a_ref = Process.monitor(a)
    send(a, :ping)

    receive do
      :pong -> T.p("a_reply", :pong)
      {:DOWN, ^a_ref, :process, _, why} -> T.p("a_down", why)
    after
      1000 -> T.say("no_reply")
    end

    # a trapping process that unlinked gets no {:EXIT, ...}
    spawn(fn ->
      Process.flag(:trap_exit, true)
      d = spawn_link(&crash_on_go/0)
      true = Process.unlink(d)
      send(d, :go)
      T.wait_down(d)

      receive do
        m -> send(main, {:trapper_got, m})
      after
        100 -> send(main, {:trapper_got, :nothing})
      end
    end)

    receive do: ({:trapper_got, m} -> T.p("trapper_got", m))

    stranger = spawn(fn -> receive do: (:stop -> :ok) end)
    T.p("unlink_unlinked", Process.unlink(stranger))
    send(stranger, :stop)
    T.wait_down(stranger)
    T.p("unlink_dead", Process.unlink(stranger))
  end
end

T.start()
Conf031.run()
T.done()
