# Rendering fixture (not a scenario): terms of every shape the trace format knows,
# printed with T.p/2. support/render_cases.py prints the Python stand-ins of the same
# terms; test_conformance.py checks the two outputs are identical, so the Python
# renderer is verified against the BEAM's own inspect/1 rather than against a guess.
# Recorded by ../record.sh into render_cases.expected.
Code.require_file("trace.exs", __DIR__)

defmodule RenderCases do
  def stacktrace do
    try do
      raise "x"
    rescue
      _ -> __STACKTRACE__
    end
  end

  def run do
    atoms = [
      :ok, nil, true, false, :"with space", :"foo-bar", :Foo, :nonode@nohost, :EXIT,
      :ok?, :done!, :"", :+, :"9lives", :_under, :"quote\"d", :"Elixir.Foo", :"Elixir.foo",
      :"a.b", :é, :"@x", :x@, :"ok!?", :..., :"=>", :%{}, :"//", :|>, :\\, :"::", :"[]"
    ]

    Enum.with_index(atoms, fn a, i -> T.p("atom#{i}", a) end)
    T.p("modules", [GenServer, Task.Supervised, Elixir])

    ints = [0, 42, -7, 12_345_678_901_234_567_890]
    T.p("ints", ints)

    floats = [
      1.0, -0.5, 0.1, 1.0e15, 1.0e16, 1.0e20, 1.0e21, 123_456_789.123, 1.5e-7, 0.0001,
      1.0e-5, 3.0e100, 100.0, 12_345_678_901_234_567.0, 5.0e-324, 0.30000000000000004
    ]

    Enum.with_index(floats, fn f, i -> T.p("float#{i}", f) end)

    binaries = [
      "abc", "", "with \"q\"", "l\nb", "t\tb", "\#{x}", "é", <<0, 1>>, <<255>>, "\e",
      "a\\b", "\r\v\b\f\a", <<127>>, "\uFEFF", "#"
    ]

    Enum.with_index(binaries, fn b, i -> T.p("binary#{i}", b) end)

    T.p("tuple0", {})
    T.p("tuple1", {:a})
    T.p("tuple3", {:a, 1, "s"})
    T.p("nested", {[{:x, [1, 2]}], {{}}})
    T.p("list0", [])
    T.p("keyword", [a: 1, b: :two])
    T.p("charlist", 'abc')
    T.p("map0", %{})
    T.p("map_atoms", %{b: 2, a: 1})
    T.p("map_mixed", %{"x" => 1, :y => 2, 3 => :z, {:t, 1} => []})
    T.p("fun", fn -> :ok end)
    T.p("stacktrace", stacktrace())
    T.p("in_list", [stacktrace(), :after])

    me = self()
    T.p("labelled", {me, T.name(make_ref(), :r1)})
    T.p("unlabelled", {spawn(fn -> :ok end), make_ref()})
    T.p("down", {:DOWN, make_ref(), :process, me, :normal})
    T.p("exit", {:EXIT, me, {:shutdown, :x}})

    T.p("raise", reason_of(fn -> raise "boom" end))
    T.p("raise_arg", reason_of(fn -> raise ArgumentError, "bad" end))
    T.p("throw", reason_of(fn -> throw({:ball, 1}) end))
    zero = :erlang.phash2(:x, 1)
    T.p("badarith", reason_of(fn -> 1 / zero end))
    T.p("noproc", reason_of(fn -> Process.link(dead()) end))
    T.p("rescued_arith", rescued(fn -> 1 / zero end))
    T.p("rescued_noproc", rescued(fn -> Process.link(dead()) end))
    T.p("rescued_arg", rescued(fn -> raise ArgumentError, "bad" end))
  end

  def dead do
    pid = spawn(fn -> :ok end)
    T.wait_down(pid)
    pid
  end

  def reason_of(body) do
    {_, mref} = spawn_monitor(body)
    receive do: ({:DOWN, ^mref, :process, _, why} -> why)
  end

  def rescued(body) do
    body.()
  rescue
    e -> e
  end
end

T.start()
RenderCases.run()
T.done()
