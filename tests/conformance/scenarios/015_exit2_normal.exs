# 015 exit2_normal
#
# Rule: Process.exit(other, :normal) is ignored by a non-trapping target (it keeps
#       running); a trapping target receives {:EXIT, caller, :normal}. No link is
#       needed; the pid in the message is the caller of exit/2.
#
# Trace:
#   exit_result true
#   plain_alive true
#   plain_reply :pong
#   trapper_got {:EXIT, :main, :normal}
#   trapper_alive true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf015 do
  # A trapping process: says :ready, forwards its first message as {:got, m},
  # then lingers until :stop.
  def trapper(main) do
    spawn(fn ->
      Process.flag(:trap_exit, true)
      send(main, :ready)
      receive do: (m -> send(main, {:got, m}))
      receive do: (:stop -> :ok)
    end)
  end

  def run do
    main = self()
    plain = T.name(spawn(fn -> receive do: (:ping -> send(main, :pong)) end), :plain)
    T.p("exit_result", Process.exit(plain, :normal))
    T.p("plain_alive", Process.alive?(plain))
    send(plain, :ping)

    receive do
      :pong -> T.p("plain_reply", :pong)
    after
      1000 -> T.say("no_reply")
    end

    trapping = T.name(trapper(main), :trapper)
    receive do: (:ready -> :ok)
    Process.exit(trapping, :normal)

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
Conf015.run()
T.done()
