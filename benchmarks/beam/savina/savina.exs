# The twelve Savina workloads of shared/benchmarks/SAVINA.md on the BEAM, beside beampy's.
#
#   elixir --erl "+S 1:1 +P 4000000" benchmarks/beam/savina/savina.exs \
#       --impl beam_s1 --size smoke --iters 12 --job "chameneos c=10 m=10000" [--job ...]
#
# The runner (benchmarks/savina/run.py) passes the parameters of the chosen size; this script
# runs each job's workload --iters times in this VM, each iteration with fresh processes, timed from
# before the first spawn to the final result, and prints one JSON line per iteration (the
# runner checks every line's checksum). All hot code is in compiled defmodule functions; raw
# send/receive only (no GenServer, Task or Agent).
Code.require_file("../common.exs", __DIR__)

defmodule Savina.Util do
  def next_random(s), do: rem(s * 1309 + 13849, 65536)

  def fj_work do
    s = :math.sin(37.2)
    true = s * s > 0
    :ok
  end

  def f(x) do
    :math.sin(:math.pow(x, 3.0) - 1.0) / (x + 1.0) * :math.sqrt(1.0 + :math.exp(:math.sqrt(2.0 * x)))
  end

  def complement(a, a), do: a
  def complement(a, b), do: 3 - a - b
end

defmodule Savina.PingPong do
  def pong(count) do
    receive do
      {:ping, from} ->
        send(from, :pong)
        pong(count + 1)

      {:stop, from} ->
        send(from, {:pongs, count})
    end
  end

  def ping(n, sent, pong, driver) do
    receive do
      msg when msg == :start or msg == :pong ->
        if sent < n do
          send(pong, {:ping, self()})
          ping(n, sent + 1, pong, driver)
        else
          send(pong, {:stop, self()})
          ping(n, sent, pong, driver)
        end

      {:pongs, count} ->
        send(driver, {:result, count})
    end
  end

  def run(%{n: n}) do
    me = self()
    pong = spawn(fn -> pong(0) end)
    ping = spawn(fn -> ping(n, 0, pong, me) end)
    send(ping, :start)

    receive do
      {:result, count} -> count
    end
  end
end

defmodule Savina.Counting do
  def counter(count) do
    receive do
      :inc -> counter(count + 1)
      {:get, from} -> send(from, {:count, count})
    end
  end

  def produce(0, _counter), do: :ok

  def produce(n, counter) do
    send(counter, :inc)
    produce(n - 1, counter)
  end

  def producer(n, counter, driver) do
    produce(n, counter)
    send(counter, {:get, self()})

    receive do
      {:count, x} -> send(driver, {:result, x})
    end
  end

  def run(%{n: n}) do
    me = self()
    counter = spawn(fn -> counter(0) end)
    spawn(fn -> producer(n, counter, me) end)

    receive do
      {:result, x} -> x
    end
  end
end

defmodule Savina.FjThroughput do
  def worker(0, n, driver), do: send(driver, {:done, n})

  def worker(left, n, driver) do
    receive do
      :msg ->
        Savina.Util.fj_work()
        worker(left - 1, n, driver)
    end
  end

  def rounds(0, _workers), do: :ok

  def rounds(n, workers) do
    Enum.each(workers, fn w -> send(w, :msg) end)
    rounds(n - 1, workers)
  end

  def collect(0, total), do: total

  def collect(a, total) do
    receive do
      {:done, k} -> collect(a - 1, total + k)
    end
  end

  def run(%{a: a, n: n}) do
    me = self()
    workers = for _ <- 1..a, do: spawn(fn -> worker(n, n, me) end)
    rounds(n, workers)
    collect(a, 0)
  end
end

defmodule Savina.FjCreate do
  def worker(driver) do
    receive do
      :go ->
        Savina.Util.fj_work()
        send(driver, :done)
    end
  end

  def creator(0, _driver), do: :ok

  def creator(n, driver) do
    send(spawn(fn -> worker(driver) end), :go)
    creator(n - 1, driver)
  end

  def collect(n, n), do: n

  def collect(count, n) do
    receive do
      :done -> collect(count + 1, n)
    end
  end

  def run(%{n: n}) do
    me = self()
    spawn(fn -> creator(n, me) end)
    collect(0, n)
  end
end

defmodule Savina.ThreadRing do
  def node(i, size, driver) do
    receive do
      {:next, nxt} -> loop(i, size, nxt, driver)
    end
  end

  def loop(i, size, nxt, driver) do
    receive do
      {:ping, 0} ->
        send(nxt, {:exit, size - 1, i})

      {:ping, k} ->
        send(nxt, {:ping, k - 1})
        loop(i, size, nxt, driver)

      {:exit, 1, h} ->
        send(driver, {:done, h})

      {:exit, j, h} ->
        send(nxt, {:exit, j - 1, h})
    end
  end

  def run(%{n: size, r: rounds}) do
    me = self()
    ring = for i <- 0..(size - 1), do: spawn(fn -> node(i, size, me) end)
    [first | rest] = ring
    Enum.zip(ring, rest ++ [first]) |> Enum.each(fn {pid, nxt} -> send(pid, {:next, nxt}) end)
    send(first, {:ping, rounds})

    receive do
      {:done, h} -> h
    end
  end
end

defmodule Savina.Chameneos do
  def creature(mall, colour) do
    send(mall, {:meet, colour, self()})
    creature_loop(mall, colour, 0)
  end

  def creature_loop(mall, colour, meetings) do
    receive do
      {:meet, other_colour, other} ->
        colour = Savina.Util.complement(colour, other_colour)
        send(other, {:change, colour})
        send(mall, {:meet, colour, self()})
        creature_loop(mall, colour, meetings + 1)

      {:change, colour} ->
        send(mall, {:meet, colour, self()})
        creature_loop(mall, colour, meetings + 1)

      :exit ->
        send(mall, {:count, meetings})
    end
  end

  def mall(c, m, driver) do
    me = self()
    for i <- 0..(c - 1), do: spawn(fn -> creature(me, rem(i, 3)) end)
    mall_loop(m, nil, 0, 0, c, driver)
  end

  def mall_loop(_left, _waiting, total, c, c, driver), do: send(driver, {:result, total})

  def mall_loop(left, waiting, total, reported, c, driver) do
    receive do
      {:meet, _, from} = msg ->
        cond do
          left == 0 ->
            send(from, :exit)
            mall_loop(left, waiting, total, reported, c, driver)

          waiting == nil ->
            mall_loop(left, from, total, reported, c, driver)

          true ->
            send(waiting, msg)
            mall_loop(left - 1, nil, total, reported, c, driver)
        end

      {:count, k} ->
        mall_loop(left, waiting, total + k, reported + 1, c, driver)
    end
  end

  def run(%{c: c, m: m}) do
    me = self()
    spawn(fn -> mall(c, m, me) end)

    receive do
      {:result, total} -> total
    end
  end
end

defmodule Savina.Big do
  def worker(i, w, n, sink) do
    receive do
      {:peers, peers} -> worker_loop(i, w, n, sink, peers, i, -1, 0, 0)
    end
  end

  def worker_loop(i, w, n, sink, peers, seed, expected, sent, sum) do
    receive do
      {:ping, j} ->
        send(elem(peers, j), {:pong, i})
        worker_loop(i, w, n, sink, peers, seed, expected, sent, sum)

      {:pong, j} ->
        true = j == -1 or j == expected

        if sent == n do
          send(sink, {:finished, sum})
          worker_loop(i, w, n, sink, peers, seed, expected, sent, sum)
        else
          seed = Savina.Util.next_random(seed)
          t = rem(seed, w)
          send(elem(peers, t), {:ping, i})
          worker_loop(i, w, n, sink, peers, seed, t, sent + 1, sum + t)
        end

      :exit ->
        :ok
    end
  end

  def sink(w, driver) do
    receive do
      {:peers, peers} -> sink_loop(w, peers, 0, driver)
    end
  end

  def sink_loop(0, peers, total, driver) do
    peers |> Tuple.to_list() |> Enum.each(fn pid -> send(pid, :exit) end)
    send(driver, {:result, total})
  end

  def sink_loop(left, peers, total, driver) do
    receive do
      {:finished, s} -> sink_loop(left - 1, peers, total + s, driver)
    end
  end

  def run(%{w: w, n: n}) do
    me = self()
    sink = spawn(fn -> sink(w, me) end)
    workers = for i <- 0..(w - 1), do: spawn(fn -> worker(i, w, n, sink) end)
    msg = {:peers, List.to_tuple(workers)}
    send(sink, msg)
    Enum.each(workers, fn pid -> send(pid, msg) end)
    Enum.each(workers, fn pid -> send(pid, {:pong, -1}) end)

    receive do
      {:result, total} -> total
    end
  end
end

defmodule Savina.Dictionary do
  @keys 65536

  def server(driver) do
    data = Map.new(0..(@keys - 1), fn k -> {k, k} end)
    send(driver, :ready)
    server_loop(data)
  end

  def server_loop(data) do
    receive do
      {:read, ref, from, k} ->
        send(from, {ref, Map.get(data, k)})
        server_loop(data)

      {:write, ref, from, k, v} ->
        send(from, {ref, v})
        server_loop(Map.put(data, k, v))

      {:sum, from} ->
        send(from, {:sum, Enum.sum(Map.values(data)), map_size(data)})
    end
  end

  def worker(wid, m, w, server, driver) do
    worker_loop(m, w, server, driver, wid + m + w, 0, 0)
  end

  def worker_loop(0, _w, _server, driver, _seed, reads, writes),
    do: send(driver, {:done, reads, writes})

  def worker_loop(left, w, server, driver, seed, reads, writes) do
    r = Savina.Util.next_random(seed)
    seed = Savina.Util.next_random(r)
    k = rem(seed, @keys)
    ref = make_ref()

    if rem(r, 100) < w do
      send(server, {:write, ref, self(), k, rem(31 * k + 7, 65536)})

      receive do
        {^ref, _} -> worker_loop(left - 1, w, server, driver, seed, reads, writes + 1)
      end
    else
      send(server, {:read, ref, self(), k})

      receive do
        {^ref, _} -> worker_loop(left - 1, w, server, driver, seed, reads + 1, writes)
      end
    end
  end

  def collect(0, reads, writes), do: {reads, writes}

  def collect(e, reads, writes) do
    receive do
      {:done, r, w} -> collect(e - 1, reads + r, writes + w)
    end
  end

  # the server is spawned and has built its map before the clock starts
  def setup(_params) do
    me = self()
    server = spawn(fn -> server(me) end)

    receive do
      :ready -> server
    end
  end

  def run(%{e: e, m: m, w: w}, server) do
    me = self()
    for wid <- 0..(e - 1), do: spawn(fn -> worker(wid, m, w, server, me) end)
    {reads, writes} = collect(e, 0, 0)
    send(server, {:sum, me})

    receive do
      {:sum, total, size} -> [reads, writes, size, total]
    end
  end
end

defmodule Savina.Bank do
  def account(idx, balance) do
    receive do
      {:credit, amount, dst, driver} ->
        ref = make_ref()
        send(dst, {:debit, amount, self(), ref})

        receive do
          {:reply, ^ref} -> :ok
        end

        send(driver, :reply)
        account(idx, balance - amount)

      {:debit, amount, from, ref} ->
        send(from, {:reply, ref})
        account(idx, balance + amount)

      {:stop, from} ->
        send(from, {:balance, idx, balance})
    end
  end

  def generator(0, _accounts, _a, _span, _seed, _driver), do: :ok

  def generator(n, accounts, a, span, seed, driver) do
    s1 = Savina.Util.next_random(seed)
    src = rem(s1, span)
    s2 = Savina.Util.next_random(s1)

    d =
      case rem(s2, a - src) do
        0 -> 1
        d -> d
      end

    s3 = Savina.Util.next_random(s2)
    send(elem(accounts, src), {:credit, s3, elem(accounts, src + d), driver})
    generator(n - 1, accounts, a, span, s3, driver)
  end

  def collect_replies(0), do: :ok

  def collect_replies(n) do
    receive do
      :reply -> collect_replies(n - 1)
    end
  end

  def collect_balances(0, sum), do: sum

  def collect_balances(a, sum) do
    receive do
      {:balance, idx, bal} -> collect_balances(a - 1, sum + (idx + 1) * bal)
    end
  end

  def run(%{a: a, n: n}) do
    me = self()
    accounts = List.to_tuple(for i <- 0..(a - 1), do: spawn(fn -> account(i, 0) end))
    spawn(fn -> generator(n, accounts, a, div(a, 10) * 8, 123_456, me) end)
    collect_replies(n)
    accounts |> Tuple.to_list() |> Enum.each(fn pid -> send(pid, {:stop, me}) end)
    collect_balances(a, 0)
  end
end

defmodule Savina.Sieve do
  def filter(idx, first, m, driver), do: filter_loop(idx, [first], 1, nil, m, driver)

  def filter_loop(idx, primes, count, nxt, m, driver) do
    receive do
      {:cand, c} ->
        cond do
          divisible?(c, primes) ->
            filter_loop(idx, primes, count, nxt, m, driver)

          nxt != nil ->
            send(nxt, {:cand, c})
            filter_loop(idx, primes, count, nxt, m, driver)

          count < m ->
            # primes stay in ascending order: trial division tries the smallest first
            filter_loop(idx, primes ++ [c], count + 1, nxt, m, driver)

          true ->
            me_driver = driver
            nxt = spawn(fn -> filter(idx + 1, c, m, me_driver) end)
            filter_loop(idx, primes, count, nxt, m, driver)
        end

      :exit ->
        if nxt != nil do
          send(nxt, :exit)
        else
          send(driver, {:result, (idx - 1) * m + count})
        end
    end
  end

  # trial division by every local prime, smallest first, stopping at the first that divides
  def divisible?(_c, []), do: false
  def divisible?(c, [q | rest]), do: rem(c, q) == 0 or divisible?(c, rest)

  def produce(c, n, first) when c >= n, do: send(first, :exit)

  def produce(c, n, first) do
    send(first, {:cand, c})
    produce(c + 2, n, first)
  end

  def run(%{n: n, m: m}) do
    me = self()
    first = spawn(fn -> filter(1, 2, m, me) end)
    spawn(fn -> produce(3, n, first) end)

    receive do
      {:result, count} -> count
    end
  end
end

defmodule Savina.Trapezoid do
  def area(i, stop, _h, acc) when i >= stop, do: acc

  def area(i, stop, h, acc) do
    x = 1.0 + i * h
    area(i + 1, stop, h, acc + 0.5 * (Savina.Util.f(x) + Savina.Util.f(x + h)) * h)
  end

  def worker(driver, h) do
    receive do
      {:work, w, start, count} -> send(driver, {:area, w, area(start, start + count, h, 0.0)})
    end
  end

  def run(%{n: n, w: w}) do
    me = self()
    h = (5.0 - 1.0) / n
    share = div(n, w)
    workers = for _ <- 1..w, do: spawn(fn -> worker(me, h) end)
    workers |> Enum.with_index() |> Enum.each(fn {pid, i} -> send(pid, {:work, i, i * share, share}) end)

    areas =
      for _ <- 1..w do
        receive do
          {:area, i, a} -> {i, a}
        end
      end

    # added in order of w, as the Python drivers do
    areas |> Enum.sort() |> Enum.reduce(0.0, fn {_, a}, acc -> acc + a end)
  end
end

defmodule Savina.Fib do
  def node(n, parent) when n <= 2, do: send(parent, {:fib, 1})

  def node(n, parent) do
    me = self()
    spawn(fn -> node(n - 1, me) end)
    spawn(fn -> node(n - 2, me) end)

    x =
      receive do
        {:fib, x} -> x
      end

    y =
      receive do
        {:fib, y} -> y
      end

    send(parent, {:fib, x + y})
  end

  def run(%{n: n}) do
    me = self()
    spawn(fn -> node(n, me) end)

    receive do
      {:fib, x} -> x
    end
  end
end

defmodule Savina.Main do
  alias Bench.Common

  @modules %{
    "pingpong" => Savina.PingPong,
    "counting" => Savina.Counting,
    "fjthrput" => Savina.FjThroughput,
    "fjcreate" => Savina.FjCreate,
    "threadring" => Savina.ThreadRing,
    "chameneos" => Savina.Chameneos,
    "big" => Savina.Big,
    "dictionary" => Savina.Dictionary,
    "bank" => Savina.Bank,
    "sieve" => Savina.Sieve,
    "trapezoid" => Savina.Trapezoid,
    "fib" => Savina.Fib
  }
  # --job "bench k=v k=v" (repeatable): the workloads to run, one after the other, each
  # with its parameters; --size only labels the records.
  def args do
    switches = [impl: :string, size: :string, iters: :integer, job: :keep]
    {opts, _, _} = OptionParser.parse(System.argv(), strict: switches)
    jobs = for {:job, spec} <- opts, do: parse_job(spec)
    {Map.new(Keyword.delete(opts, :job)), jobs}
  end

  def parse_job(spec) do
    [bench | kvs] = String.split(spec)

    params =
      Map.new(kvs, fn kv ->
        [k, v] = String.split(kv, "=")
        {String.to_atom(k), String.to_integer(v)}
      end)

    {bench, params}
  end

  def iteration("dictionary", mod, params) do
    server = mod.setup(params)
    t0 = Common.now()
    result = mod.run(params, server)
    {Common.now() - t0, result}
  end

  def iteration(_bench, mod, params) do
    t0 = Common.now()
    result = mod.run(params)
    {Common.now() - t0, result}
  end

  # every process of an iteration has exited before the next one starts (untimed)
  def wait_for_exits(count) do
    if :erlang.system_info(:process_count) > count do
      Process.sleep(1)
      wait_for_exits(count)
    end
  end

  def main do
    {opts, jobs} = args()
    Enum.each(jobs, fn {bench, params} -> run_job(opts, bench, params) end)
  end

  def run_job(opts, bench, params) do
    mod = Map.fetch!(@modules, bench)
    base = :erlang.system_info(:process_count)

    for i <- 1..opts.iters do
      :erlang.garbage_collect()
      {ns, result} = iteration(bench, mod, params)
      wait_for_exits(base)

      fields = [
        suite: "savina",
        bench: bench,
        impl: opts.impl,
        size: opts.size,
        params: params,
        iter: i,
        ms: ns / 1.0e6,
        check: result,
        peak_rss_mb: Common.peak_rss_mb()
      ]

      IO.puts(json(fields))
    end
  end

  def json(kw) when is_list(kw) and kw != [] and is_tuple(hd(kw)),
    do: "{" <> Enum.map_join(kw, ", ", fn {k, v} -> json(to_string(k)) <> ": " <> json(v) end) <> "}"

  def json(%{} = m), do: m |> Enum.sort() |> json()
  def json(l) when is_list(l), do: "[" <> Enum.map_join(l, ", ", &json/1) <> "]"
  def json(v) when is_binary(v), do: "\"" <> v <> "\""
  def json(v) when is_integer(v), do: Integer.to_string(v)
  def json(v) when is_float(v), do: :erlang.float_to_binary(v, [:short])
  def json(v) when is_atom(v), do: json(Atom.to_string(v))
end

Savina.Main.main()
