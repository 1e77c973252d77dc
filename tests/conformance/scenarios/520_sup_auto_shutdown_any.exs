# 520 sup_auto_shutdown_any
# Rule: with auto_shutdown: :any_significant, a significant transient child that
#       exits :normal makes the supervisor stop (siblings :shutdown, reverse order,
#       supervisor exit :shutdown); an abnormal exit of it is restarted as usual.
# Trace: crash -> restarted; normal exit -> terminated w :shutdown, sup EXIT :shutdown
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

defmodule Conf520 do
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
      spec(:sig, main, restart: :transient, significant: true),
      spec(:v, main)
    ]

    {:ok, sup} = Supervisor.start_link(Sup, {children, :any_significant})
    T.name(sup, :sup)
    T.evs()
    T.say("sig crashes")
    GenServer.cast(pid_of(sup, :sig), {:exit, :boom})
    T.evs()
    T.p("count_children", Supervisor.count_children(sup))
    T.say("sig exits :normal")
    GenServer.cast(pid_of(sup, :sig), {:exit, :normal})
    T.evs()

    receive do
      {:EXIT, ^sup, _} = m -> T.p("recv", m)
    after
      1000 -> T.say("sup_still_alive")
    end
  end
end

T.start()
Conf520.run()
T.done()
