# 525 sup_nested_intensity
# Rule: a sub-supervisor that reaches its restart intensity exits :shutdown; its
#       parent treats that as any exit of a permanent child and restarts it (one
#       restart of its own); when that happens again within the parent's window the
#       parent reaches its own intensity and stops too (siblings :shutdown).
# Trace: w crashes twice -> sub gives up -> sub restarted (w started); again -> top EXIT
Code.require_file("../support/trace.exs", __DIR__)

defmodule W do
  use GenServer
  def start_link({id, main}), do: GenServer.start_link(__MODULE__, {id, main})

  def init({id, main}) do
    Process.flag(:trap_exit, true)
    T.emit(main, {:started, id})
    {:ok, {id, main}}
  end

  def handle_cast({:exit, reason}, s), do: {:stop, reason, s}
  def terminate(reason, {id, main}), do: T.emit(main, {:terminated, id, reason})
end

defmodule Conf525 do
  def spec(id, main), do: Supervisor.child_spec({W, {id, main}}, id: id)
  def pid_of(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {i, p, _, _} -> i == id && p end)

  def run do
    main = self()
    Process.flag(:trap_exit, true)

    sub = %{
      id: :sub,
      start: {Supervisor, :start_link, [[spec(:w, main)], [strategy: :one_for_one, max_restarts: 1, max_seconds: 5]]},
      type: :supervisor
    }

    {:ok, top} =
      Supervisor.start_link([spec(:a, main), sub], strategy: :one_for_one, max_restarts: 1, max_seconds: 5)

    T.name(top, :top)
    T.evs()

    for round <- 1..2 do
      for n <- 1..2 do
        T.p("crash", {round, n})
        GenServer.cast(pid_of(pid_of(top, :sub), :w), {:exit, :boom})
        T.evs()
      end
    end

    receive do
      {:EXIT, ^top, _} = m -> T.p("recv", m)
    after
      1000 -> T.say("top_still_alive")
    end
  end
end

T.start()
Conf525.run()
T.done()
