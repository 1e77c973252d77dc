# Shared by the genserver_*.exs scripts (not a workload itself): the counter server and the
# client process of beampy's benchmarks/workloads/beampy/genserver_call.py.
Code.require_file("common.exs", __DIR__)

defmodule GenserverCommon.Counter do
  use GenServer

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call(:inc, _from, n), do: {:reply, n + 1, n + 1}
  def handle_call(:get, _from, n), do: {:reply, n, n}

  @impl true
  def handle_cast(:inc, n), do: {:noreply, n + 1}
end

defmodule GenserverCommon do
  alias Bench.Common

  def calls(0, _srv, last), do: last
  def calls(n, srv, _last), do: calls(n - 1, srv, GenServer.call(srv, :inc))

  def client(driver, queued) do
    fill(queued)
    send(driver, {:ready, self()})
    loop(driver)
  end

  def fill(0), do: :ok

  def fill(i) do
    send(self(), {:junk, i})
    fill(i - 1)
  end

  def loop(driver) do
    receive do
      {:go, srv, n} ->
        t0 = Common.now()
        last = calls(n, srv, nil)
        t1 = Common.now()
        send(driver, {:done, self(), t1 - t0, last})
        loop(driver)

      :stop ->
        :ok
    end
  end

  def start_client(queued \\ 0) do
    pid = spawn(__MODULE__, :client, [self(), queued])

    receive do
      {:ready, ^pid} -> pid
    end
  end

  def segment(cli, srv, n) do
    send(cli, {:go, srv, n})

    receive do
      {:done, ^cli, ns, last} -> {ns, last}
    end
  end
end
