# 305 agent_get_and_update
#
# Rule: get_and_update returns the first element of the function's {value, state}
#       pair and keeps the second as the new state; a function that returns anything
#       else stops the agent with {:bad_return_value, returned} (Agent.Server's
#       {:stop, ...}, no reply), and the caller exits with that reason wrapped as
#       {reason, {GenServer, :call, [agent, {:get_and_update, fun}, 5000]}}. A linked,
#       trapping owner gets the agent's EXIT with the same reason.
#
# Trace:
#   pop :a
#   pop :b
#   state [:c]
#   bad_exit {{:bad_return_value, :not_a_pair}, {GenServer, :call, [:agent, {:get_and_update, :fun}, 5000]}}
#   exit_msg {:EXIT, :agent, {:bad_return_value, :not_a_pair}}
#   alive false
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf305 do
  def run do
    Process.flag(:trap_exit, true)
    {:ok, agent} = Agent.start_link(fn -> [:a, :b, :c] end)
    T.name(agent, :agent)
    T.p("pop", Agent.get_and_update(agent, fn [h | t] -> {h, t} end))
    T.p("pop", Agent.get_and_update(agent, fn [h | t] -> {h, t} end))
    T.p("state", Agent.get(agent, & &1))

    try do
      Agent.get_and_update(agent, fn _ -> :not_a_pair end)
    catch
      :exit, reason -> T.p("bad_exit", reason)
    end

    receive do
      {:EXIT, ^agent, _} = msg -> T.p("exit_msg", msg)
    end

    T.p("alive", Process.alive?(agent))
  end
end

T.start()
Conf305.run()
T.done()
