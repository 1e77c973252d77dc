# 436 gs_timeouts
# Checks: a timeout in a return value delivers :timeout to handle_info/2 when no
#         message comes first; a message that comes first cancels it; :infinity means
#         none; a timeout of 0 with a message already queued handles the message.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Timer do
  use GenServer
  def init(main), do: {:ok, main, 30}

  def handle_info(:timeout, main) do
    T.emit(main, :timeout)
    {:noreply, main}
  end

  def handle_info(m, main) do
    T.emit(main, {:info, m})
    {:noreply, main}
  end

  def handle_call({:arm, t}, _from, main), do: {:reply, :armed, main, t}
  def handle_cast({:arm_after, t}, main), do: {:noreply, main, t}
end

defmodule Scenario do
  def run do
    {:ok, pid} = GenServer.start_link(Timer, self())
    T.name(pid, :server)
    T.ev()
    T.p("arm", GenServer.call(pid, {:arm, 100}))
    send(pid, :first)
    T.ev()
    T.ev(300)
    T.p("arm_infinity", GenServer.call(pid, {:arm, :infinity}))
    T.ev(200)
    GenServer.cast(pid, {:arm_after, 0})
    send(pid, :queued)
    T.ev()
    T.ev()
  end
end

T.start()
Scenario.run()
T.done()
