# 432 gs_hibernate_every_message
# Checks: a server that returns :hibernate after every message (casts and calls)
#         handles 100,000 of them, in order, with its state intact; a reply with
#         :hibernate still reaches the caller.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Sleepy do
  use GenServer
  def init(_), do: {:ok, {0, 0}, :hibernate}
  def handle_cast({:add, x}, {n, sum}), do: {:noreply, {n + 1, sum + x}, :hibernate}
  def handle_call(:get, _from, s), do: {:reply, s, s, :hibernate}
end

defmodule Scenario do
  def run do
    {:ok, pid} = GenServer.start_link(Sleepy, nil)
    T.name(pid, :server)
    for i <- 1..100_000, do: GenServer.cast(pid, {:add, i})
    T.p("after_casts", GenServer.call(pid, :get))
    T.p("again", GenServer.call(pid, :get))
  end
end

T.start()
Scenario.run()
T.done()
