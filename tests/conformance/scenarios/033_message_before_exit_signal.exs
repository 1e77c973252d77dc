# 033 message_before_exit_signal
#
# Rule: signals from one sender to one receiver keep their order whatever their
#       kind: a message sent before Process.exit(pid, r) reaches a trapping receiver
#       before the {:EXIT, sender, r}, and one sent after arrives after it; a linked
#       process's last message arrives before the {:EXIT, ...} of its death.
#
# Trace:
#   r_got [:data, {:EXIT, :main, :stop}]
#   r2_got [{:EXIT, :main, :stop}, :data]
#   first :bye
#   second {:EXIT, :c, :boom}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf033 do
  # A trapping receiver: once it gets :report it sends back everything it had queued.
  def receiver(main) do
    spawn(fn ->
      Process.flag(:trap_exit, true)
      send(main, {:ready, self()})
      receive do: (:report -> send(main, {:queued, T.drain()}))
    end)
  end

  def ready do
    receive do: ({:ready, pid} -> pid)
  end

  def run do
    main = self()

    r = T.name((receiver(main); ready()), :r)
    send(r, :data)
    Process.exit(r, :stop)
    send(r, :report)
    receive do: ({:queued, l} -> T.p("r_got", l))

    r2 = T.name((receiver(main); ready()), :r2)
    Process.exit(r2, :stop)
    send(r2, :data)
    send(r2, :report)
    receive do: ({:queued, l} -> T.p("r2_got", l))

    # a trapping parent reports the first two messages it gets from its dying child
    spawn(fn ->
      Process.flag(:trap_exit, true)
      me = self()

      c =
        spawn_link(fn ->
          send(me, :bye)
          exit(:boom)
        end)

      send(main, {:child, c})
      first = receive do: (m -> m)
      second = receive do: (m -> m)
      send(main, {:got, first, second})
    end)

    receive do: ({:child, c} -> T.name(c, :c))

    receive do
      {:got, first, second} ->
        T.p("first", first)
        T.p("second", second)
    end
  end
end

T.start()
Conf033.run()
T.done()
