# 529 sup_init_flags_defaults
# Rule: a module supervisor's init may hand-build its flags. A map takes OTP's defaults
#       (one_for_one, intensity 1, period 5, auto_shutdown never) for the keys it leaves
#       out; the old {strategy, intensity, period} tuple is accepted; anything else
#       stops the start with
#       {:supervisor_data, {:invalid_type, flags}}. A DynamicSupervisor's hand-built
#       map takes Elixir's defaults the same way (max_children :infinity, ...).
# Trace: for %{strategy: :one_for_all}: one restart, then the second crash within the
#        period ends it (intensity 1); {:one_for_one, 3, 5} survives two;
#        {:one_for_one, 3} is refused; a DynamicSupervisor with
#        %{max_children: 1} refuses a second child.
Code.require_file("../support/trace.exs", __DIR__)

defmodule W do
  use GenServer
  def start_link(main), do: GenServer.start_link(__MODULE__, main)

  def init(main) do
    T.emit(main, :started)
    {:ok, main}
  end

  def handle_cast(:crash, s), do: {:stop, :boom, s}
end

defmodule Sup do
  use Supervisor
  def init({flags, main}), do: {:ok, {flags, [%{id: :w, start: {W, :start_link, [main]}}]}}
end

defmodule Dyn do
  use DynamicSupervisor
  def init(flags), do: {:ok, flags}
end

defmodule Conf529 do
  def crash(sup) do
    [{:w, pid, _, _}] = Supervisor.which_children(sup)
    ref = Process.monitor(pid)
    GenServer.cast(pid, :crash)

    receive do
      {:DOWN, ^ref, _, _, _} -> :ok
    end
  end

  def run do
    main = self()
    Process.flag(:trap_exit, true)

    for flags <- [%{strategy: :one_for_all}, {:one_for_one, 3, 5}] do
      T.p("flags", flags)
      {:ok, sup} = Supervisor.start_link(Sup, {flags, main})
      T.evs()
      sref = Process.monitor(sup)
      crash(sup)
      T.evs()

      if is_map(flags) do
        crash(sup)

        receive do
          {:DOWN, ^sref, _, _, reason} -> T.p("supervisor_down", reason)
        end
      else
        crash(sup)
        T.evs()
        T.p("alive", Process.alive?(sup))
        Supervisor.stop(sup)
      end
    end

    T.p("old_tuple_of_two", Supervisor.start_link(Sup, {{:one_for_one, 3}, main}))
    {:ok, dyn} = DynamicSupervisor.start_link(Dyn, %{max_children: 1})
    T.p("first", elem(DynamicSupervisor.start_child(dyn, {W, main}), 0))
    T.p("second", DynamicSupervisor.start_child(dyn, {W, main}))
    T.evs()
    T.p("count", DynamicSupervisor.count_children(dyn))
    DynamicSupervisor.stop(dyn)
    T.flush()
  end
end

T.start()
Conf529.run()
T.done()
