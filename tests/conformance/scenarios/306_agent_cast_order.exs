# 306 agent_cast_order
#
# Rule: casts and calls from one client are applied in the order they were made, and
#       casts from two clients keep each client's own order; a cast always returns
#       :ok, even to a dead agent or to a name nobody holds; a cast whose function
#       raises crashes the agent with the exception as its reason.
#
# Trace:
#   cast :ok
#   state [{:main, 1}, {:main, 2}, {:main, 3}]
#   other_order [{:other, 1}, {:other, 2}, {:other, 3}]
#   main_order [{:main, 4}, {:main, 5}]
#   crash_cast :ok
#   down {%RuntimeError{message: "bad cast"}, :stacktrace}
#   cast_dead :ok
#   cast_unregistered :ok
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf306 do
  def push(agent, x), do: Agent.cast(agent, fn l -> l ++ [x] end)

  def run do
    {:ok, agent} = Agent.start(fn -> [] end)
    T.name(agent, :agent)
    T.p("cast", push(agent, {:main, 1}))
    push(agent, {:main, 2})
    push(agent, {:main, 3})
    T.p("state", Agent.get(agent, & &1))
    Agent.update(agent, fn _ -> [] end)

    main = self()

    other =
      spawn(fn ->
        for i <- 1..3, do: push(agent, {:other, i})
        send(main, :pushed)
      end)

    T.name(other, :other)
    receive do: (:pushed -> :ok)
    push(agent, {:main, 4})
    push(agent, {:main, 5})
    all = Agent.get(agent, & &1)
    T.p("other_order", Enum.filter(all, &match?({:other, _}, &1)))
    T.p("main_order", Enum.filter(all, &match?({:main, _}, &1)))

    ref = Process.monitor(agent)
    T.p("crash_cast", Agent.cast(agent, fn _ -> raise "bad cast" end))

    receive do
      {:DOWN, ^ref, :process, _, reason} -> T.p("down", reason)
    end

    T.p("cast_dead", Agent.cast(agent, fn s -> s end))
    T.p("cast_unregistered", Agent.cast(:no_such_agent, fn s -> s end))
  end
end

T.start()
Conf306.run()
T.done()
