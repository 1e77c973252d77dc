# 045 exit_self_while_trapping
#
# Rule: Process.exit(self(), reason) for any reason other than :kill is an
#       ordinary exit signal to oneself: a trapping caller turns it into the message
#       {:EXIT, self, reason} and keeps running (for :normal and for a custom reason
#       alike), while a non-trapping caller dies with the custom reason.
#
# Trace:
#   trapper_got {:EXIT, :trapper, :custom}
#   trapper_got {:EXIT, :trapper, :normal}
#   trapper_alive true
#   plain_down :custom
#   plain_continued false
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf045 do
  def run do
    main = self()

    trapper =
      spawn(fn ->
        Process.flag(:trap_exit, true)
        Process.exit(self(), :custom)
        Process.exit(self(), :normal)
        receive do: (m -> send(main, {:got, m}))
        receive do: (m -> send(main, {:got, m}))
        receive do: (:stop -> :ok)
      end)

    T.name(trapper, :trapper)
    receive do: ({:got, m} -> T.p("trapper_got", m))
    receive do: ({:got, m} -> T.p("trapper_got", m))
    T.p("trapper_alive", Process.alive?(trapper))
    send(trapper, :stop)

    plain =
      spawn(fn ->
        receive do: (:go -> :ok)
        Process.exit(self(), :custom)
        send(main, :continued)
      end)

    T.name(plain, :plain)
    pref = Process.monitor(plain)
    send(plain, :go)
    receive do: ({:DOWN, ^pref, :process, _, why} -> T.p("plain_down", why))

    continued =
      receive do
        :continued -> true
      after
        50 -> false
      end

    T.p("plain_continued", continued)
  end
end

T.start()
Conf045.run()
T.done()
