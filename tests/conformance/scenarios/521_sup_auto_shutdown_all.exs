# 521 sup_auto_shutdown_all
# Rule: with auto_shutdown: :all_significant the supervisor stops only when the last
#       significant child has terminated (temporary: any exit; transient: a :normal,
#       :shutdown or {:shutdown, _} exit); terminate_child of a significant child
#       does not trigger it by itself.
# Trace: t1 exits -> still alive; terminate_child t2 -> still alive, t3 exits
#        {:shutdown, :done} -> w terminated :shutdown, EXIT :shutdown
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

# Elixir 1.14's Supervisor.init/2 has no :auto_shutdown option (1.15 adds it), so the
# supervisor module returns OTP's flags map itself, as Supervisor.init/2 would.
defmodule Sup do
  use Supervisor
  def init({children, auto}), do: {:ok, {%{strategy: :one_for_one, intensity: 3, period: 5, auto_shutdown: auto}, children}}
end

defmodule Conf521 do
  # (Elixir 1.14's child_spec/2 takes no :significant override: it is put in the map)
  def spec(id, main, extra \\ []) do
    {sig, extra} = Keyword.pop(extra, :significant, false)
    Supervisor.child_spec({W, {id, main}}, [id: id] ++ extra) |> Map.put(:significant, sig)
  end
  def pid_of(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {i, p, _, _} -> i == id && p end)

  def run do
    main = self()
    Process.flag(:trap_exit, true)

    children = [
      spec(:w, main),
      spec(:t1, main, restart: :temporary, significant: true),
      spec(:t2, main, restart: :transient, significant: true),
      spec(:t3, main, restart: :transient, significant: true)
    ]

    {:ok, sup} = Supervisor.start_link(Sup, {children, :all_significant})
    T.name(sup, :sup)
    T.evs()
    T.say("t1 crashes")
    GenServer.cast(pid_of(sup, :t1), {:exit, :boom})
    T.evs()
    T.p("alive", Process.alive?(sup))
    T.p("terminate_t2", Supervisor.terminate_child(sup, :t2))
    T.evs()
    T.p("alive", Process.alive?(sup))
    T.p("which_children", for({id, p, _, _} <- Supervisor.which_children(sup), do: {id, is_pid(p)}))
    T.say("t3 exits {:shutdown, :done}")
    GenServer.cast(pid_of(sup, :t3), {:exit, {:shutdown, :done}})
    T.evs()

    receive do
      {:EXIT, ^sup, _} = m -> T.p("recv", m)
    after
      1000 -> T.say("sup_still_alive")
    end
  end
end

T.start()
Conf521.run()
T.done()
