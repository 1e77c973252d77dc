# 309 agent_mfa_stop_reason
#
# Rule: the {module, fun, args} forms call fun(state, args...) (fun(args...) to make
#       the initial state); Agent.stop with a custom reason returns :ok, and a
#       trapping owner linked to the agent gets {:EXIT, agent, reason}; stop with
#       {:shutdown, _} likewise; the agent's $initial_call names the function it was
#       started with (module, fun, length(args)).
#
# Trace:
#   initial_call {Conf309, :make, 2}
#   get 13
#   update :ok
#   cast :ok
#   get_and_update 19
#   get 0
#   stop :ok
#   exit_msg {:EXIT, :agent, :custom}
#   stop_shutdown :ok
#   exit_msg2 {:EXIT, :agent2, {:shutdown, :done}}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf309 do
  def make(a, b), do: a + b
  def plus(state, x), do: state + x
  def take_all(state, reset), do: {state, reset}

  def run do
    Process.flag(:trap_exit, true)
    {:ok, agent} = Agent.start_link(Conf309, :make, [1, 2])
    T.name(agent, :agent)
    {:dictionary, dict} = Process.info(agent, :dictionary)
    T.p("initial_call", Keyword.get(dict, :"$initial_call"))
    T.p("get", Agent.get(agent, Conf309, :plus, [10]))
    T.p("update", Agent.update(agent, Conf309, :plus, [5]))
    T.p("cast", Agent.cast(agent, Conf309, :plus, [11]))
    T.p("get_and_update", Agent.get_and_update(agent, Conf309, :take_all, [0]))
    T.p("get", Agent.get(agent, & &1))

    T.p("stop", Agent.stop(agent, :custom))

    receive do
      {:EXIT, ^agent, _} = msg -> T.p("exit_msg", msg)
    end

    {:ok, agent2} = Agent.start_link(fn -> :s end)
    T.name(agent2, :agent2)
    T.p("stop_shutdown", Agent.stop(agent2, {:shutdown, :done}))

    receive do
      {:EXIT, ^agent2, _} = msg -> T.p("exit_msg2", msg)
    end
  end
end

T.start()
Conf309.run()
T.done()
