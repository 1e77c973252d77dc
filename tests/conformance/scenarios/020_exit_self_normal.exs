# 020 exit_self_normal
#
# Rule: Process.exit(self(), :normal) is not ignored for the caller itself: a
#       non-trapping caller terminates with reason :normal (nothing after the call
#       runs); a trapping caller receives {:EXIT, self, :normal} and carries on.
#
# Trace:
#   plain_down :normal
#   plain_continued false
#   trapper_got {:EXIT, :trapper, :normal}
#   trapper_down :finished
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf020 do
  def run do
    main = self()

    plain =
      spawn(fn ->
        receive do: (:go -> :ok)
        Process.exit(self(), :normal)
        send(main, :continued)
        Process.sleep(:infinity)
      end)

    T.name(plain, :plain)
    plain_ref = Process.monitor(plain)
    send(plain, :go)
    receive do: ({:DOWN, ^plain_ref, :process, _, why} -> T.p("plain_down", why))

    continued =
      receive do
        :continued -> true
      after
        50 -> false
      end

    T.p("plain_continued", continued)

    trapping =
      spawn(fn ->
        receive do: (:go -> :ok)
        Process.flag(:trap_exit, true)
        Process.exit(self(), :normal)
        receive do: (m -> send(main, {:got, m}))
        exit(:finished)
      end)

    T.name(trapping, :trapper)
    trap_ref = Process.monitor(trapping)
    send(trapping, :go)
    receive do: ({:got, m} -> T.p("trapper_got", m))
    receive do: ({:DOWN, ^trap_ref, :process, _, why} -> T.p("trapper_down", why))
  end
end

T.start()
Conf020.run()
T.done()
