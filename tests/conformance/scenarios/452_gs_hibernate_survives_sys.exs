# 452 gs_hibernate_survives_sys
# Rule: a hibernating gen_server goes back to hibernation after every system message
#       (sys.get_state, sys.suspend, sys.resume, sys.replace_state): gen_server's
#       system_continue loops with Time = hibernate. A call or a message that is not a
#       system message wakes it for good unless its callback asks to hibernate again.
# Trace: whether the server is hibernating (current_function is erlang:hibernate/3) after
#        each step, 50 ms after the step's answer.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf452 do
  use GenServer
  def init(n), do: {:ok, n, :hibernate}
  def handle_call(:get, _from, n), do: {:reply, n, n, :hibernate}
  def handle_call(:get_awake, _from, n), do: {:reply, n, n}
  def handle_info(:poke, n), do: {:noreply, n + 1}

  def hib(pid) do
    Process.sleep(50)
    Process.info(pid, :current_function) == {:current_function, {:erlang, :hibernate, 3}}
  end

  def run do
    {:ok, pid} = GenServer.start_link(__MODULE__, 1)
    T.name(pid, :server)
    T.p("after_init", hib(pid))
    T.p("get_state", :sys.get_state(pid))
    T.p("after_get_state", hib(pid))
    T.p("suspend", :sys.suspend(pid))
    T.p("while_suspended", hib(pid))
    T.p("get_state_suspended", :sys.get_state(pid))
    T.p("still_suspended", hib(pid))
    T.p("resume", :sys.resume(pid))
    T.p("after_resume", hib(pid))
    T.p("replace_state", :sys.replace_state(pid, fn n -> n * 10 end))
    T.p("after_replace_state", hib(pid))
    send(pid, :poke)
    T.p("after_info", hib(pid))
    T.p("get_state_awake", :sys.get_state(pid))
    T.p("stays_awake", hib(pid))
    T.p("call", GenServer.call(pid, :get))
    T.p("after_hibernating_call", hib(pid))
    T.p("call_awake", GenServer.call(pid, :get_awake))
    T.p("after_plain_call", hib(pid))
  end
end

T.start()
Conf452.run()
T.done()
