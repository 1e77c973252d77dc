# 450 gs_timeout_survives_sys
# Rule: a system message handled while a return timeout is pending does not cancel it:
#       gen_server's system_continue loops with the same timeout, which starts again; a
#       suspended server's timeout fires after it is resumed.
# Trace: the state read at 100 ms; no :timeout within the next 150 ms (restarted at 100,
#        due at 400), then :timeout; armed again and suspended, nothing for 500 ms, then
#        resumed and :timeout.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf450 do
  use GenServer
  def init(main), do: {:ok, main, 300}

  def handle_info(:timeout, main) do
    T.emit(main, :timeout)
    {:noreply, main}
  end

  def handle_cast(:arm, main), do: {:noreply, main, 300}

  def run do
    {:ok, pid} = GenServer.start_link(__MODULE__, self())
    T.name(pid, :server)
    Process.sleep(100)
    T.p("state", :sys.get_state(pid))
    T.ev(150)
    T.ev()
    GenServer.cast(pid, :arm)
    T.p("suspend", :sys.suspend(pid))
    T.ev(500)
    T.p("resume", :sys.resume(pid))
    T.ev()
  end
end

T.start()
Conf450.run()
T.done()
