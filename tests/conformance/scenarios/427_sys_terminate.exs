# 427 sys_terminate
#
# Rule: :sys.terminate(pid, reason) is answered :ok by the server before it runs
#       terminate/2, which then runs with that reason; the server exits with it (a
#       suspended server terminates too). A linked caller that traps exits gets the
#       {:EXIT, pid, reason} after the :ok.
#
# Trace:
#   terminate :ok
#   ev {:terminate, :bye}
#   down :bye
#   suspended_terminate :ok
#   ev {:terminate, :normal}
#   exit {:EXIT, :second, :normal}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Ending do
  use GenServer
  def init(main), do: {:ok, main}
  def terminate(reason, main), do: T.emit(main, {:terminate, reason})
end

defmodule Conf427 do
  def run do
    main = self()
    {:ok, pid} = GenServer.start(Ending, main)
    T.name(pid, :first)
    ref = Process.monitor(pid)
    T.p("terminate", :sys.terminate(pid, :bye))
    T.ev()
    receive do: ({:DOWN, ^ref, :process, _, why} -> T.p("down", why))

    Process.flag(:trap_exit, true)
    {:ok, pid2} = GenServer.start_link(Ending, main)
    T.name(pid2, :second)
    :ok = :sys.suspend(pid2, 1000)
    T.p("suspended_terminate", :sys.terminate(pid2, :normal, 1000))
    T.ev()
    receive do: ({:EXIT, ^pid2, _} = m -> T.p("exit", m))
  end
end

T.start()
Conf427.run()
T.done()
