# 022 link_dead_pid
#
# Rule: Process.link/1 to a pid that no longer exists: a trapping caller gets true
#       and then the message {:EXIT, pid, :noproc}; a non-trapping caller gets an
#       error with reason :noproc raised by the call.
#
# Trace:
#   trap_link_result true
#   trap_got {:EXIT, :dead, :noproc}
#   plain_link_raised :noproc
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf022 do
  def run do
    main = self()
    dead = T.name(spawn(fn -> nil end), :dead)
    T.wait_down(dead)

    spawn(fn ->
      Process.flag(:trap_exit, true)
      send(main, {:trap_link_result, Process.link(dead)})

      receive do
        m -> send(main, {:trap_got, m})
      after
        1000 -> send(main, {:trap_got, :nothing})
      end
    end)

    receive do: ({:trap_link_result, r} -> T.p("trap_link_result", r))
    receive do: ({:trap_got, m} -> T.p("trap_got", m))

    spawn(fn ->
      outcome =
        try do
          {:returned, Process.link(dead)}
        rescue
          err in ErlangError -> {:raised, err.original}
        end

      send(main, {:plain, outcome})
    end)

    receive do
      {:plain, {:raised, why}} -> T.p("plain_link_raised", why)
      {:plain, other} -> T.p("plain_link", other)
    end
  end
end

T.start()
Conf022.run()
T.done()
