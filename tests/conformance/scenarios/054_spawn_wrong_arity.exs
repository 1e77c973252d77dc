# 054 spawn_wrong_arity
#
# Rule: spawning a function with the wrong number of arguments does not fail in the
#       spawner: the child is created and crashes with {{:badarity, {fun, args}},
#       stacktrace} (printed as its tag :badarity), which a trapping linked spawner
#       gets as an EXIT message and a monitoring one as the DOWN reason; the spawner
#       lives on.
#
#       (Not checked: Kernel.spawn_monitor/1 alone insists on a 0-arity fun and
#       raises ArgumentError in the caller, whereas spawn/1 and spawn_link/1 accept
#       any fun. beampy's spawn_monitor(fn, *args) passes the arguments like
#       spawn_monitor/3 with :erlang.apply, which is what this scenario uses.)
#
# Trace:
#   ev {:spawn_link_exit, :badarity}
#   ev {:too_few_down, :badarity}
#   ev {:too_many_down, :badarity}
#   spawner :pong
#   spawner_down :normal
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf054 do
  def tag({{:badarity, {f, args}}, _stacktrace}) when is_function(f) and is_list(args),
    do: :badarity

  def tag(other), do: other

  # The fun goes through the process dictionary so that the compiler cannot see its
  # arity: OTP 25's compiler, seeing spawn_link/1 given a literal 1-arity fun, treats
  # the call as one that cannot return, and the compiled spawner then ends :normal at
  # that call (a compiler effect, not the runtime rule checked here).
  def opaque(term) do
    Process.put(:opaque, term)
    Process.delete(:opaque)
  end

  def spawner(main) do
    Process.flag(:trap_exit, true)
    one_arg = opaque(fn x -> x end)

    # spawn_link/1 with a fun of arity 1
    child = spawn_link(one_arg)
    receive do: ({:EXIT, ^child, why} -> T.emit(main, {:spawn_link_exit, tag(why)}))

    # applied to too few and to too many arguments
    {_, mref} = spawn_monitor(:erlang, :apply, [one_arg, []])
    receive do: ({:DOWN, ^mref, :process, _, why} -> T.emit(main, {:too_few_down, tag(why)}))

    {_, mref} = spawn_monitor(:erlang, :apply, [one_arg, [1, 2]])
    receive do: ({:DOWN, ^mref, :process, _, why} -> T.emit(main, {:too_many_down, tag(why)}))

    receive do: ({:ping, from} -> send(from, :pong))
  end

  def run do
    main = self()
    {spawner, smref} = spawn_monitor(fn -> spawner(main) end)
    T.name(spawner, :spawner)
    T.ev()
    T.ev()
    T.ev()
    send(spawner, {:ping, main})

    receive do
      :pong -> T.p("spawner", :pong)
    after
      1000 -> T.p("spawner", :no_pong)
    end

    receive do: ({:DOWN, ^smref, :process, _, why} -> T.p("spawner_down", why))
  end
end

T.start()
Conf054.run()
T.done()
