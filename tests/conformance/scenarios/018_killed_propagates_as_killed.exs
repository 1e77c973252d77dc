# 018 killed_propagates_as_killed
#
# Rule: a process killed by Process.exit(b, :kill) exits with :killed, and its links
#       receive :killed as an ordinary (trappable) reason: a non-trapping linked
#       process dies with :killed, a trapping one gets {:EXIT, b, :killed} and lives.
#
# Trace:
#   b_down :killed
#   a_down :killed
#   trapper_got {:EXIT, :b, :killed}
#   trapper_alive true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf018 do
  def run do
    main = self()

    # a (not trapping) spawn_links b
    a =
      spawn(fn ->
        send(main, {:b, spawn_link(fn -> Process.sleep(:infinity) end)})
        Process.sleep(:infinity)
      end)

    T.name(a, :a)
    b = receive do: ({:b, pid} -> T.name(pid, :b))

    # a trapping process links itself to b as well
    trapping =
      spawn(fn ->
        Process.flag(:trap_exit, true)
        true = Process.link(b)
        send(main, :linked)
        receive do: (m -> send(main, {:got, m}))
        receive do: (:stop -> :ok)
      end)

    T.name(trapping, :trapper)
    receive do: (:linked -> :ok)
    a_ref = Process.monitor(a)
    b_ref = Process.monitor(b)
    Process.exit(b, :kill)

    receive do: ({:DOWN, ^b_ref, :process, _, why} -> T.p("b_down", why))
    receive do: ({:DOWN, ^a_ref, :process, _, why} -> T.p("a_down", why))
    receive do: ({:got, m} -> T.p("trapper_got", m))
    T.p("trapper_alive", Process.alive?(trapping))
    send(trapping, :stop)
  end
end

T.start()
Conf018.run()
T.done()
