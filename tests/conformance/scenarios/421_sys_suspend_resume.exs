# 421 sys_suspend_resume
#
# Rule: a suspended server answers system messages only (get_state, get_status
#       show it suspended) and keeps calls, casts and other messages in its
#       mailbox; a call made meanwhile gets its reply only after :sys.resume, and
#       the held messages are then handled in the order they came.
#
# Trace:
#   suspend :ok
#   sys_state :suspended
#   get_state_while_suspended []
#   ev :none
#   resume :ok
#   ev {:reply, [:info, :cast, :call]}
#   sys_state :running
#   handled [:info, :cast, :call]
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Log do
  use GenServer
  def init(_), do: {:ok, []}
  def handle_call(:log, _from, log), do: {:reply, Enum.reverse([:call | log]), [:call | log]}
  def handle_call(:read, _from, log), do: {:reply, Enum.reverse(log), log}
  def handle_cast(:cast, log), do: {:noreply, [:cast | log]}
  def handle_info(:info, log), do: {:noreply, [:info | log]}
end

defmodule Conf421 do
  def sys_state(pid) do
    {:status, _, _, [_pdict, state | _]} = :sys.get_status(pid, 1000)
    state
  end

  def run do
    main = self()
    {:ok, pid} = GenServer.start_link(Log, nil)
    T.name(pid, :server)
    T.p("suspend", :sys.suspend(pid, 1000))
    T.p("sys_state", sys_state(pid))
    send(pid, :info)
    GenServer.cast(pid, :cast)
    spawn(fn -> T.emit(main, {:reply, GenServer.call(pid, :log, 2000)}) end)
    T.p("get_state_while_suspended", :sys.get_state(pid, 1000))
    T.ev(50)
    T.p("resume", :sys.resume(pid, 1000))
    T.ev()
    T.p("sys_state", sys_state(pid))
    T.p("handled", GenServer.call(pid, :read))
  end
end

T.start()
Conf421.run()
T.done()
