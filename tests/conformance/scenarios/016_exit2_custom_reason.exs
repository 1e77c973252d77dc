# 016 exit2_custom_reason
#
# Rule: Process.exit(pid, reason) with any reason other than :normal/:kill kills a
#       non-trapping target with that reason (no link needed); a trapping target
#       receives {:EXIT, caller, reason} instead and stays alive.
#
# Trace:
#   plain_down :custom
#   trapper_got {:EXIT, :main, :custom}
#   trapper_alive true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf016 do
  def run do
    main = self()
    plain = T.name(spawn(fn -> Process.sleep(:infinity) end), :plain)
    mref = Process.monitor(plain)
    Process.exit(plain, :custom)

    receive do
      {:DOWN, ^mref, :process, _, why} -> T.p("plain_down", why)
    end

    trapping =
      spawn(fn ->
        Process.flag(:trap_exit, true)
        send(main, :ready)
        receive do: (m -> send(main, {:got, m}))
        receive do: (:stop -> :ok)
      end)

    T.name(trapping, :trapper)
    receive do: (:ready -> :ok)
    Process.exit(trapping, :custom)

    receive do
      {:got, m} -> T.p("trapper_got", m)
    after
      1000 -> T.say("nothing")
    end

    T.p("trapper_alive", Process.alive?(trapping))
    send(trapping, :stop)
  end
end

T.start()
Conf016.run()
T.done()
