# 032 self_exit_kill_trappable
#
# Rule: a process that ends itself with exit(:kill) exits with reason :kill (not
#       :killed), and the :kill it sends over its links is an ordinary, trappable
#       reason: a non-trapping linked process dies with :kill, a trapping one gets
#       {:EXIT, pid, :kill}. Only Process.exit(pid, :kill) is untrappable.
#
# Trace:
#   x_down :kill
#   peer_down :kill
#   trapper_got {:EXIT, :x, :kill}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf032 do
  def run do
    main = self()
    Process.flag(:trap_exit, true)

    # peer (not trapping) spawn_links x; x exits with :kill when told to
    peer =
      spawn(fn ->
        send(main, {:x, spawn_link(fn -> receive do: (:go -> exit(:kill)) end)})
        Process.sleep(:infinity)
      end)

    T.name(peer, :peer)
    x = receive do: ({:x, pid} -> T.name(pid, :x))
    # main (trapping) links to x too
    true = Process.link(x)
    x_ref = Process.monitor(x)
    peer_ref = Process.monitor(peer)
    send(x, :go)

    receive do: ({:DOWN, ^x_ref, :process, _, why} -> T.p("x_down", why))
    receive do: ({:DOWN, ^peer_ref, :process, _, why} -> T.p("peer_down", why))

    receive do
      {:EXIT, ^x, _} = m -> T.p("trapper_got", m)
    after
      1000 -> T.say("no_exit_message")
    end
  end
end

T.start()
Conf032.run()
T.done()
