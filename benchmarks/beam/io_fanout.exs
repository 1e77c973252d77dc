# io_fanout: N HTTP GETs to the local server (benchmarks/workloads/io_fanout_server.py, its own
# OS process, answering GET /item/<i> after 10 ms), Task.async_stream at max_concurrency --procs
# (timeout 30 s). wall: elapsed time per request; cpu: this OS process's user + system CPU time
# (/proc/self/stat) per request. Checked: every answer is 200 with the body "item <i>", in order.
#
# The client each task runs is chosen by --impl (benchmarks/run.py passes its implementation key):
# - beam_s1, beam (any impl not ending in _httpc): a raw HTTP/1.1 client on :gen_tcp (a
#   connection per request, Connection: close, read until the server closes), as beampy's
#   io_fanout.py and the lazy trio client.
# - beam_s1_httpc, beam_httpc: Erlang's own client, :httpc (inets), as an Elixir user without a
#   Hex package writes it: :httpc.request(:get, {url, []}, [], [body_format: :binary], profile).
#   Persistent connections, pipelining off (httpc's normal use and its defaults): the pooled
#   line, beside aiohttp and httpx (one connection pool, keep-alive), not beside the raw clients.
#   A profile of its own, set up before the timing: max_sessions --procs (a connection per slot
#   of the stream; with the default, 2, the rest queue on those two or go over one-off
#   connections), max_keep_alive_length 0 (reuse an idle connection only: with any other value
#   httpc queues a request behind the one in flight on a busy connection, 10 ms here, rather
#   than open a new one) and keep_alive_timeout 30 s (no connection idles that long inside a
#   run). Every request goes through the profile's manager (one gen_server; it scans its session
#   table for an idle connection at each request). When a task asks before the handler that
#   just answered has marked its connection idle again and --procs connections are open, httpc
#   sends that request over a one-off connection (Connection: close): 4 in 1,000 requests at
#   max_concurrency 50, 2 in 2,000 at 100, none in 4,000 at 1,000 (counted by hand from
#   TIME_WAIT; not in the output). Checked besides the answers: after the run 1 to --procs
#   kept-alive connections are open.
Code.require_file("common.exs", __DIR__)

defmodule IoFanout do
  alias Bench.Common

  def python do
    System.get_env("BENCH_PYTHON") ||
      if(File.exists?(".venv/bin/python"), do: Path.expand(".venv/bin/python")) ||
      System.find_executable("python3")
  end

  def start_server do
    port =
      Port.open({:spawn_executable, python()}, [
        :binary,
        {:line, 256},
        args: ["-m", "benchmarks.workloads.io_fanout_server"]
      ])

    receive do
      {^port, {:data, {:eol, "PORT " <> n}}} -> {port, String.to_integer(n)}
    after
      30_000 -> Common.check(false, "the server did not start")
    end
  end

  @doc "User + system CPU seconds of this OS process (utime and stime in /proc/self/stat)."
  def cpu_seconds do
    stat = File.read!("/proc/self/stat")
    # the fields after the command name, which is in parentheses
    [_, rest] = String.split(stat, ") ", parts: 2)
    fields = String.split(rest, " ")
    utime = String.to_integer(Enum.at(fields, 11))
    stime = String.to_integer(Enum.at(fields, 12))
    (utime + stime) / 100
  end

  @profile :io_fanout

  @doc """
  The function each task runs for item i, and the one run after the timing, which stops the
  client and returns {ok, what} for a check.
  """
  def client(impl, port, conc) do
    if String.ends_with?(impl, "_httpc") do
      {:ok, _} = Application.ensure_all_started(:inets)
      {:ok, _} = :inets.start(:httpc, profile: @profile)

      :ok =
        :httpc.set_options(
          [max_sessions: conc, max_keep_alive_length: 0, keep_alive_timeout: 30_000],
          @profile
        )

      base = ~c"http://127.0.0.1:#{port}/item/"
      {fn i -> fetch_httpc(base, i) end, fn -> httpc_done(conc) end}
    else
      {fn i -> fetch(i, port) end, fn -> {true, ""} end}
    end
  end

  @doc "Stop the profile; ok if the requests went over kept-alive connections, at most conc."
  def httpc_done(conc) do
    {kept, _, _} = :httpc.which_sessions(@profile)
    :ok = :inets.stop(:httpc, @profile)
    {kept != [] and length(kept) <= conc, "#{length(kept)} kept-alive connections, not 1-#{conc}"}
  end

  def fetch_httpc(base, i) do
    url = base ++ Integer.to_charlist(i)
    {:ok, {{_, status, _}, _headers, body}} =
      :httpc.request(:get, {url, []}, [], [body_format: :binary], @profile)

    {status, body}
  end

  def fetch(i, port) do
    {:ok, sock} = :gen_tcp.connect({127, 0, 0, 1}, port, [:binary, active: false, packet: :raw])
    :ok = :gen_tcp.send(sock, "GET /item/#{i} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    raw = recv_all(sock, [])
    :gen_tcp.close(sock)
    [head, body] = :binary.split(raw, "\r\n\r\n")
    [_, status | _] = :binary.split(head, " ", [:global])
    {String.to_integer(status), body}
  end

  def recv_all(sock, acc) do
    case :gen_tcp.recv(sock, 0) do
      {:ok, data} -> recv_all(sock, [acc | data])
      {:error, :closed} -> IO.iodata_to_binary(acc)
    end
  end

  def run(%{impl: impl, n: n, procs: conc}) do
    {server, port} = start_server()
    {fetch, done} = client(impl, port, conc)
    c0 = cpu_seconds()
    t0 = Common.now()

    results =
      Task.async_stream(0..(n - 1), fetch, max_concurrency: conc, timeout: 30_000)
      |> Enum.to_list()

    t1 = Common.now()
    c1 = cpu_seconds()
    {client_ok, what} = done.()
    Port.close(server)
    Common.emit("io_fanout", impl, "wall", n, Common.seconds(t0, t1), procs: conc, floor_us: 0.010 / conc * 1.0e6)
    Common.emit("io_fanout", impl, "cpu", n, c1 - c0, procs: conc)
    expected = Enum.map(0..(n - 1), &{:ok, {200, "item #{&1}"}})
    Common.check(results == expected, "wrong answers")
    Common.check(client_ok, what)
  end
end

IoFanout.run(Bench.Common.args())
