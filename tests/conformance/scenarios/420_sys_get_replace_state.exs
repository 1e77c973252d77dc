# 420 sys_get_replace_state
#
# Rule: :sys.get_state returns the server's state; :sys.replace_state runs the
#       function in the server, returns the new state, and the server goes on with
#       it; a function that raises leaves the state as it was and raises
#       {:callback_failed, {:gen_server, :system_replace_state}, {:error, e}} in
#       the caller (an error, not an exit); a state replaced while a call waits
#       in the mailbox is the state that call sees.
#
# Trace:
#   get_state 1
#   replace_state 11
#   call_sees 11
#   replace_raises {:callback_failed, {:gen_server, :system_replace_state}, {:error, %RuntimeError{message: "no"}}}
#   after_raise 11
#   server_alive true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
end

defmodule Conf420 do
  def run do
    {:ok, pid} = GenServer.start_link(Counter, 1)
    T.name(pid, :server)
    T.p("get_state", :sys.get_state(pid, 1000))
    T.p("replace_state", :sys.replace_state(pid, fn n -> n + 10 end, 1000))
    T.p("call_sees", GenServer.call(pid, :get))

    try do
      :sys.replace_state(pid, fn _ -> raise "no" end, 1000)
    catch
      :error, reason -> T.p("replace_raises", reason)
    end

    T.p("after_raise", :sys.get_state(pid, 1000))
    T.p("server_alive", Process.alive?(pid))
  end
end

T.start()
Conf420.run()
T.done()
