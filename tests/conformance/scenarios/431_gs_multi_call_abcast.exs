# 431 gs_multi_call_abcast
# Checks: multi_call/abcast on the local node: multi_call returns {replies, bad_nodes}
#         with replies as {node, reply}; a name nobody registered puts the node in
#         bad_nodes; abcast returns :abcast whether or not the name exists, and the
#         registered server gets the cast.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Notes do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
  def handle_call(:notes, _from, s), do: {:reply, Enum.reverse(s), s}
  def handle_cast(n, s), do: {:noreply, [n | s]}
end

defmodule Scenario do
  def run do
    {:ok, pid} = GenServer.start_link(Notes, [], name: :notes)
    T.name(pid, :server)
    T.p("multi_call", GenServer.multi_call(:notes, :ping))
    T.p("multi_call_nobody", GenServer.multi_call(:nobody_here, :ping))
    T.p("multi_call_nodes", GenServer.multi_call([node()], :notes, :ping, 1000))
    T.p("abcast", GenServer.abcast(:notes, :first))
    T.p("abcast_nodes", GenServer.abcast([node()], :notes, :second))
    T.p("abcast_nobody", GenServer.abcast(:nobody_here, :lost))
    T.p("notes", GenServer.call(:notes, :notes))
  end
end

T.start()
Scenario.run()
T.done()
