package dev.dangol.merchant;

import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Realistic made-up merchants for the demo, tests, benchmarks and the load generator: clustered in real traditional
 * markets and shopping districts across Korea (approximate coordinates and their towns' 5-digit codes), a few percent
 * scattered around towns outside any market, Korean names built from common parts with a matching romanised name,
 * industries weighted as markets and high streets have them, revenue bands, business numbers whose check digit holds,
 * and a few suspended or closed merchants.
 *
 * <p>Merchant {@code n} depends only on the seed and {@code n} (each has a generator of its own), so {@link
 * #stream(long)} can make two million one after another without holding them, any prefix is the same whatever the
 * count, and two runs with one seed give the same merchants. Ids ({@code syn<seed>-<n>}, n zero-padded to nine
 * digits) sort in the order they were made; business numbers are distinct for up to 900 million merchants.
 */
public final class SyntheticMerchants {

    /** A market or shopping district merchants cluster in; {@code weight} is its share of in-market merchants. */
    public record Market(
            String nameKorean,
            String nameRomanised,
            String province,
            String district,
            String townCode,
            GeoPoint centre,
            int weight) {

        public Market {
            if (nameKorean == null || nameKorean.isBlank() || nameRomanised == null || nameRomanised.isBlank()) {
                throw new IllegalArgumentException("a market needs names");
            }
            if (townCode == null || !townCode.matches("[0-9]{5}")) {
                throw new IllegalArgumentException("a town code must be 5 digits");
            }
            if (centre == null || weight < 1) {
                throw new IllegalArgumentException("a market needs a centre and a positive weight");
            }
        }
    }

    /** Per cent of merchants (in tenths) outside every market; the rest cluster in one. */
    private static final int OUTSIDE_PER_MILLE = 60;

    private static final int SUSPENDED_PER_MILLE = 15;
    private static final int CLOSED_PER_MILLE = 20;
    private static final int NO_LOCATION_PER_MILLE = 2;
    private static final int NO_ACCOUNT_PER_MILLE = 40;

    /** Distinct business numbers: merchant n's nine leading digits are a bijection of n modulo this. */
    private static final long NUMBERS = 900_000_000L;

    private static final long NUMBER_STRIDE = 7_919L;

    private static final Instant STATUS_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final List<Market> MARKETS = List.of(
            // Seoul (11xxx)
            market("광장시장", "Gwangjang Market", "서울특별시", "종로구", "11110", 37.5700, 126.9996, 40),
            market("통인시장", "Tongin Market", "서울특별시", "종로구", "11110", 37.5806, 126.9700, 12),
            market("인사동", "Insa-dong", "서울특별시", "종로구", "11110", 37.5740, 126.9855, 15),
            market("남대문시장", "Namdaemun Market", "서울특별시", "중구", "11140", 37.5592, 126.9776, 50),
            market("중부시장", "Jungbu Market", "서울특별시", "중구", "11140", 37.5668, 126.9925, 15),
            market("동대문 패션타운", "Dongdaemun Fashion Town", "서울특별시", "중구", "11140", 37.5670, 127.0090, 45),
            market("명동", "Myeong-dong", "서울특별시", "중구", "11140", 37.5636, 126.9850, 30),
            market("용산전자상가", "Yongsan Electronics Market", "서울특별시", "용산구", "11170", 37.5320, 126.9620, 20),
            market("뚝도시장", "Ttukdo Market", "서울특별시", "성동구", "11200", 37.5400, 127.0500, 8),
            market("자양골목시장", "Jayang Market", "서울특별시", "광진구", "11215", 37.5340, 127.0830, 8),
            market("경동시장", "Gyeongdong Market", "서울특별시", "동대문구", "11230", 37.5800, 127.0395, 35),
            market("청량리청과물시장", "Cheongnyangni Fruit Market", "서울특별시", "동대문구", "11230", 37.5815, 127.0440, 20),
            market("우림시장", "Urim Market", "서울특별시", "중랑구", "11260", 37.6045, 127.0930, 8),
            market("길음시장", "Gireum Market", "서울특별시", "성북구", "11290", 37.6060, 127.0250, 8),
            market("수유시장", "Suyu Market", "서울특별시", "강북구", "11305", 37.6400, 127.0250, 10),
            market("방학동 도깨비시장", "Banghak Dokkaebi Market", "서울특별시", "도봉구", "11320", 37.6650, 127.0340, 8),
            market("공릉동 도깨비시장", "Gongneung Dokkaebi Market", "서울특별시", "노원구", "11350", 37.6250, 127.0760, 8),
            market("연서시장", "Yeonseo Market", "서울특별시", "은평구", "11380", 37.6200, 126.9200, 10),
            market("영천시장", "Yeongcheon Market", "서울특별시", "서대문구", "11410", 37.5710, 126.9590, 8),
            market("망원시장", "Mangwon Market", "서울특별시", "마포구", "11440", 37.5560, 126.9063, 20),
            market("목동깨비시장", "Mokdong Kkaebi Market", "서울특별시", "양천구", "11470", 37.5330, 126.8750, 6),
            market("화곡본동시장", "Hwagok Bondong Market", "서울특별시", "강서구", "11500", 37.5395, 126.8430, 8),
            market("남구로시장", "Namguro Market", "서울특별시", "구로구", "11530", 37.4860, 126.8870, 8),
            market("대림중앙시장", "Daerim Jungang Market", "서울특별시", "영등포구", "11560", 37.4930, 126.8960, 10),
            market("영등포전통시장", "Yeongdeungpo Market", "서울특별시", "영등포구", "11560", 37.5205, 126.9060, 15),
            market("노량진수산시장", "Noryangjin Fish Market", "서울특별시", "동작구", "11590", 37.5133, 126.9405, 25),
            market("남성사계시장", "Namseong Sagye Market", "서울특별시", "동작구", "11590", 37.4845, 126.9710, 8),
            market("신원시장", "Sinwon Market", "서울특별시", "관악구", "11620", 37.4815, 126.9280, 8),
            market("영동전통시장", "Yeongdong Market", "서울특별시", "강남구", "11680", 37.5100, 127.0250, 8),
            market("가락시장", "Garak Market", "서울특별시", "송파구", "11710", 37.4930, 127.1105, 40),
            market("암사종합시장", "Amsa Market", "서울특별시", "강동구", "11740", 37.5510, 127.1270, 8),
            // Busan (26xxx)
            market("자갈치시장", "Jagalchi Market", "부산광역시", "중구", "26110", 35.0966, 129.0306, 35),
            market("국제시장", "Gukje Market", "부산광역시", "중구", "26110", 35.1010, 129.0280, 35),
            market("부평깡통시장", "Bupyeong Kkangtong Market", "부산광역시", "중구", "26110", 35.1013, 129.0255, 15),
            market("부전시장", "Bujeon Market", "부산광역시", "부산진구", "26230", 35.1610, 129.0610, 30),
            market("서면", "Seomyeon", "부산광역시", "부산진구", "26230", 35.1578, 129.0600, 25),
            market("동래시장", "Dongnae Market", "부산광역시", "동래구", "26260", 35.2050, 129.0830, 10),
            market("구포시장", "Gupo Market", "부산광역시", "북구", "26320", 35.2100, 129.0050, 15),
            market("해운대시장", "Haeundae Market", "부산광역시", "해운대구", "26350", 35.1620, 129.1600, 10),
            market("수영팔도시장", "Suyeong Paldo Market", "부산광역시", "수영구", "26500", 35.1700, 129.1150, 8),
            market("기장시장", "Gijang Market", "부산광역시", "기장군", "26710", 35.2440, 129.2150, 8),
            // Daegu (27xxx)
            market("서문시장", "Seomun Market", "대구광역시", "중구", "27110", 35.8690, 128.5810, 40),
            market("약령시", "Yangnyeongsi", "대구광역시", "중구", "27110", 35.8670, 128.5900, 8),
            market("동성로", "Dongseong-ro", "대구광역시", "중구", "27110", 35.8690, 128.5960, 20),
            market("관문시장", "Gwanmun Market", "대구광역시", "남구", "27200", 35.8340, 128.5680, 10),
            market("칠성시장", "Chilseong Market", "대구광역시", "북구", "27230", 35.8765, 128.6010, 20),
            market("서남신시장", "Seonam Market", "대구광역시", "달서구", "27290", 35.8530, 128.5420, 8),
            // Incheon (28xxx)
            market("신포국제시장", "Sinpo International Market", "인천광역시", "중구", "28110", 37.4720, 126.6230, 15),
            market("석바위시장", "Seokbawi Market", "인천광역시", "미추홀구", "28177", 37.4560, 126.6810, 10),
            market("모래내시장", "Moraenae Market", "인천광역시", "남동구", "28200", 37.4470, 126.7020, 12),
            market("부평깡시장", "Bupyeong Kkang Market", "인천광역시", "부평구", "28237", 37.4930, 126.7240, 15),
            market("강화풍물시장", "Ganghwa Pungmul Market", "인천광역시", "강화군", "28710", 37.7470, 126.4870, 6),
            // Gwangju (29xxx)
            market("대인시장", "Daein Market", "광주광역시", "동구", "29110", 35.1530, 126.9160, 10),
            market("양동시장", "Yangdong Market", "광주광역시", "서구", "29140", 35.1540, 126.9020, 20),
            market("말바우시장", "Malbau Market", "광주광역시", "북구", "29170", 35.1770, 126.9260, 10),
            market("송정역시장", "Songjeong Station Market", "광주광역시", "광산구", "29200", 35.1380, 126.7930, 6),
            // Daejeon (30xxx), Ulsan (31xxx), Sejong (36110)
            market("대전중앙시장", "Daejeon Jungang Market", "대전광역시", "동구", "30110", 36.3310, 127.4330, 25),
            market("은행동", "Eunhaeng-dong", "대전광역시", "중구", "30140", 36.3280, 127.4270, 12),
            market("한민시장", "Hanmin Market", "대전광역시", "서구", "30170", 36.3250, 127.3870, 8),
            market("유성시장", "Yuseong Market", "대전광역시", "유성구", "30200", 36.3560, 127.3420, 8),
            market("울산중앙시장", "Ulsan Jungang Market", "울산광역시", "중구", "31110", 35.5560, 129.3200, 12),
            market("세종전통시장", "Sejong Market", "세종특별자치시", "세종시", "36110", 36.6020, 127.2990, 5),
            // Other towns
            market("지동시장", "Jidong Market", "경기도", "수원시 팔달구", "41115", 37.2800, 127.0200, 12),
            market("남부시장", "Jeonju Nambu Market", "전북특별자치도", "전주시 완산구", "52111", 35.8130, 127.1460, 12),
            market("강릉중앙시장", "Gangneung Jungang Market", "강원특별자치도", "강릉시", "51150", 37.7540, 128.8990, 10),
            market("속초관광수산시장", "Sokcho Tourist Fish Market", "강원특별자치도", "속초시", "51210", 38.2040, 128.5900, 8),
            market("육거리종합시장", "Yukgeori Market", "충청북도", "청주시 상당구", "43111", 36.6290, 127.4900, 12),
            market("죽도시장", "Jukdo Market", "경상북도", "포항시 남구", "47111", 36.0350, 129.3650, 15),
            market("성동시장", "Gyeongju Seongdong Market", "경상북도", "경주시", "47130", 35.8460, 129.2150, 6),
            market("마산어시장", "Masan Fish Market", "경상남도", "창원시 마산합포구", "48125", 35.2040, 128.5750, 12),
            market("진주중앙시장", "Jinju Jungang Market", "경상남도", "진주시", "48170", 35.1920, 128.0840, 8),
            market("통영중앙시장", "Tongyeong Jungang Market", "경상남도", "통영시", "48220", 34.8450, 128.4250, 8),
            market("여수수산시장", "Yeosu Fish Market", "전라남도", "여수시", "46130", 34.7390, 127.7380, 8),
            market("순천웃장", "Suncheon Utjang", "전라남도", "순천시", "46150", 34.9540, 127.4870, 6),
            // Jeju (50xxx)
            market("동문시장", "Dongmun Market", "제주특별자치도", "제주시", "50110", 33.5120, 126.5270, 20),
            market("제주민속오일시장", "Jeju Folk Five-day Market", "제주특별자치도", "제주시", "50110", 33.4930, 126.4750, 8),
            market("서귀포매일올레시장", "Seogwipo Maeil Olle Market", "제주특별자치도", "서귀포시", "50130", 33.2500, 126.5630, 10));

    private static final int[] MARKET_CUMULATIVE =
            cumulative(MARKETS.stream().mapToInt(Market::weight).toArray());

    private record Part(String korean, String romanised) {}

    private static final List<Part> PREFIXES = parts(
            "할매:Halmae",
            "원조:Wonjo",
            "엄마손:Eommason",
            "제일:Jeil",
            "삼대:Samdae",
            "대박:Daebak",
            "행복:Haengbok",
            "우리:Uri",
            "은혜:Eunhye",
            "청춘:Cheongchun",
            "고향:Gohyang",
            "시골:Sigol",
            "명가:Myeongga",
            "큰손:Keunson",
            "황금:Hwanggeum",
            "싱싱:Singsing",
            "옛날:Yennal",
            "소문난:Somunnan",
            "진미:Jinmi",
            "복:Bok",
            "미소:Miso",
            "해뜨는:Haetteuneun",
            "새벽:Saebyeok",
            "바다:Bada",
            "한결:Hangyeol",
            "정:Jeong",
            "착한:Chakan",
            "으뜸:Eutteum",
            "참:Cham",
            "다온:Daon",
            "늘봄:Neulbom",
            "푸른:Pureun");

    private static final List<Part> SURNAMES = parts(
            "김:Kim", "이:Lee", "박:Park", "최:Choi", "정:Jung", "강:Kang", "조:Cho", "윤:Yoon", "장:Jang", "임:Lim", "한:Han",
            "오:Oh", "서:Seo", "신:Shin", "권:Kwon", "황:Hwang");

    private static final List<Part> GIVEN = parts(
            "민준:Minjun",
            "서연:Seoyeon",
            "영수:Youngsoo",
            "순자:Sunja",
            "미숙:Misuk",
            "정호:Jeongho",
            "지현:Jihyeon",
            "상철:Sangcheol",
            "옥순:Oksun",
            "동현:Donghyun",
            "은영:Eunyoung",
            "재훈:Jaehoon");

    /** Industries as markets have them, in tenths of a per cent; restricted industries are rare there. */
    private static final int[] IN_MARKET = weights(
            Industry.GROCERY,
            100,
            Industry.BUTCHER,
            60,
            Industry.FISHMONGER,
            80,
            Industry.PRODUCE,
            90,
            Industry.RICE_CAKE,
            50,
            Industry.BAKERY,
            20,
            Industry.RESTAURANT,
            200,
            Industry.CAFE,
            40,
            Industry.CLOTHING,
            110,
            Industry.SHOES,
            30,
            Industry.HOUSEWARES,
            50,
            Industry.HARDWARE,
            25,
            Industry.STATIONERY,
            10,
            Industry.FLOWERS,
            20,
            Industry.PHARMACY,
            15,
            Industry.CLINIC,
            8,
            Industry.BEAUTY,
            25,
            Industry.LAUNDRY,
            8,
            Industry.OPTICIAN,
            10,
            Industry.CONVENIENCE_STORE,
            8,
            Industry.ENTERTAINMENT_BAR,
            5,
            Industry.REAL_ESTATE,
            5,
            Industry.FINANCE,
            3,
            Industry.OTHER,
            28);

    /** Industries on ordinary streets, where chains, clinics, academies and the excluded industries are common. */
    private static final int[] OUTSIDE = weights(
            Industry.GROCERY,
            50,
            Industry.BUTCHER,
            20,
            Industry.FISHMONGER,
            10,
            Industry.PRODUCE,
            15,
            Industry.RICE_CAKE,
            10,
            Industry.BAKERY,
            30,
            Industry.RESTAURANT,
            220,
            Industry.CAFE,
            120,
            Industry.CLOTHING,
            40,
            Industry.SHOES,
            10,
            Industry.HOUSEWARES,
            15,
            Industry.HARDWARE,
            15,
            Industry.STATIONERY,
            15,
            Industry.FLOWERS,
            15,
            Industry.PHARMACY,
            40,
            Industry.CLINIC,
            50,
            Industry.BEAUTY,
            70,
            Industry.LAUNDRY,
            30,
            Industry.ACADEMY,
            60,
            Industry.OPTICIAN,
            20,
            Industry.CONVENIENCE_STORE,
            60,
            Industry.FUEL,
            20,
            Industry.DEPARTMENT_STORE,
            1,
            Industry.LARGE_MART,
            4,
            Industry.ENTERTAINMENT_BAR,
            20,
            Industry.GAMBLING,
            5,
            Industry.REAL_ESTATE,
            50,
            Industry.FINANCE,
            20,
            Industry.OTHER,
            20);

    private static final int[] IN_MARKET_CUMULATIVE = cumulative(IN_MARKET);
    private static final int[] OUTSIDE_CUMULATIVE = cumulative(OUTSIDE);

    private static final String[] BANK_CODES = {"004", "011", "020", "088", "081", "003", "023", "031", "032", "034"};

    private static final String[] STREETS = {"중앙로", "시장로", "번영로", "평화로", "문화로", "대학로", "역전로", "새마을로", "희망로", "충장로"};

    /**
     * South Korea's mainland as a coarse polygon (latitude, longitude in 10<sup>-7</sup> degree, clockwise from
     * Ganghwa along the border, down the east coast and back up the west), good to a few kilometres: enough to draw
     * query points over land, not for maps.
     */
    private static final int[][] MAINLAND = {
        {377_500_000, 1_264_500_000}, {379_500_000, 1_266_800_000}, {381_000_000, 1_270_000_000},
        {383_000_000, 1_276_000_000}, {383_200_000, 1_281_000_000}, {386_000_000, 1_283_500_000},
        {382_000_000, 1_286_000_000}, {377_500_000, 1_289_500_000}, {374_000_000, 1_292_500_000},
        {369_000_000, 1_294_200_000}, {364_000_000, 1_294_000_000}, {360_000_000, 1_295_800_000},
        {355_000_000, 1_294_500_000}, {351_000_000, 1_291_500_000}, {350_000_000, 1_288_500_000},
        {347_500_000, 1_284_500_000}, {348_500_000, 1_279_000_000}, {346_000_000, 1_277_000_000},
        {344_500_000, 1_273_000_000}, {343_000_000, 1_266_000_000}, {345_500_000, 1_263_000_000},
        {348_000_000, 1_263_500_000}, {351_000_000, 1_263_000_000}, {356_000_000, 1_264_500_000},
        {359_800_000, 1_266_000_000}, {364_000_000, 1_265_000_000}, {368_000_000, 1_261_500_000},
        {370_000_000, 1_265_000_000}, {373_000_000, 1_266_000_000}, {375_000_000, 1_266_000_000}
    };

    private static final int JEJU_LATITUDE_E7 = 333_700_000;
    private static final int JEJU_LONGITUDE_E7 = 1_265_500_000;
    private static final long JEJU_HALF_HEIGHT_E7 = 1_700_000;
    private static final long JEJU_HALF_WIDTH_E7 = 3_200_000;

    private final long seed;

    public SyntheticMerchants(long seed) {
        this.seed = seed;
    }

    /** The markets and shopping districts merchants cluster in. */
    public static List<Market> markets() {
        return MARKETS;
    }

    /** Merchants 0 to {@code count - 1}, made one at a time as the stream is read. */
    public Stream<Merchant> stream(long count) {
        if (count < 0 || count > NUMBERS) {
            throw new IllegalArgumentException("count must be 0 to " + NUMBERS);
        }
        return LongStream.range(0, count).mapToObj(this::merchant);
    }

    /** Merchant {@code n}, the same for the same seed and n. */
    public Merchant merchant(long n) {
        if (n < 0 || n >= NUMBERS) {
            throw new IllegalArgumentException("n must be 0 to " + (NUMBERS - 1));
        }
        SplittableRandom random = new SplittableRandom(mix(seed, n));
        Market market = MARKETS.get(pick(MARKET_CUMULATIVE, random));
        boolean inMarket = random.nextInt(1000) >= OUTSIDE_PER_MILLE;
        Industry industry = Industry.values()[pick(inMarket ? IN_MARKET_CUMULATIVE : OUTSIDE_CUMULATIVE, random)];
        GeoPoint location = random.nextInt(1000) < NO_LOCATION_PER_MILLE
                ? null
                // Market stalls sit within a few hundred metres of the centre; other shops across the town.
                : around(market.centre(), inMarket ? 250 : 4_000, random);
        Part prefix = PREFIXES.get(random.nextInt(PREFIXES.size()));
        Part kind = kind(industry, random);
        Part owner = person(random);
        String address = inMarket
                ? "%s %s %s %d호"
                        .formatted(market.province(), market.district(), market.nameKorean(), 1 + random.nextInt(400))
                : "%s %s %s %d"
                        .formatted(
                                market.province(),
                                market.district(),
                                STREETS[random.nextInt(STREETS.length)],
                                1 + random.nextInt(300));
        return new Merchant(
                MerchantId.of("syn%d-%09d".formatted(seed, n)),
                "SYN%d-%d".formatted(seed, n),
                businessNumber(n),
                prefix.korean() + kind.korean(),
                prefix.romanised() + " " + kind.romanised(),
                address,
                market.townCode(),
                location,
                industry,
                inMarket ? market.nameKorean() : null,
                revenueBand(industry, random),
                status(random),
                random.nextInt(1000) < NO_ACCOUNT_PER_MILLE
                        ? null
                        : new SettlementAccount(
                                BANK_CODES[random.nextInt(BANK_CODES.length)],
                                "%012d".formatted(random.nextLong(1_000_000_000_000L)),
                                owner.korean()));
    }

    /** A point near a market, as where someone shopping stands: within about a kilometre of its centre. */
    public static GeoPoint nearSomeMarket(RandomGenerator random) {
        Market market = MARKETS.get(pick(MARKET_CUMULATIVE, random));
        return around(market.centre(), 500, random);
    }

    /** A point drawn uniformly over South Korea's land (the mainland, coarsely, and Jeju). */
    public static GeoPoint somewhereInKorea(RandomGenerator random) {
        while (true) {
            int latitude = random.nextInt(331_000_000, 386_500_000);
            int longitude = random.nextInt(1_261_000_000, 1_296_000_000);
            if (onLand(latitude, longitude)) {
                return new GeoPoint(latitude, longitude);
            }
        }
    }

    /** Whether a point is on the coarse outline of the mainland or on Jeju. */
    public static boolean onLand(int latitudeE7, int longitudeE7) {
        long dLat = latitudeE7 - JEJU_LATITUDE_E7;
        long dLon = longitudeE7 - JEJU_LONGITUDE_E7;
        // Inside the ellipse (dLat/h)^2 + (dLon/w)^2 <= 1, in whole numbers scaled by h*w; fits a long.
        long h = JEJU_HALF_HEIGHT_E7;
        long w = JEJU_HALF_WIDTH_E7;
        if ((dLat * w) / h * ((dLat * w) / h) + dLon * dLon <= w * w) {
            return true;
        }
        boolean inside = false;
        for (int i = 0, j = MAINLAND.length - 1; i < MAINLAND.length; j = i++) {
            long yi = MAINLAND[i][0];
            long xi = MAINLAND[i][1];
            long yj = MAINLAND[j][0];
            long xj = MAINLAND[j][1];
            if ((yi > latitudeE7) != (yj > latitudeE7)) {
                // The edge crosses the point's latitude: is the crossing east of the point? Compared without division.
                long lhs = (longitudeE7 - xi) * (yj - yi);
                long rhs = (xj - xi) * (latitudeE7 - yi);
                if (yj - yi > 0 ? lhs < rhs : lhs > rhs) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    private static GeoPoint around(GeoPoint centre, int sigmaMetres, RandomGenerator random) {
        // About 111 km a degree of latitude; a degree of longitude shrinks with the cosine of the latitude.
        double northMetres = random.nextGaussian() * sigmaMetres;
        double eastMetres = random.nextGaussian() * sigmaMetres;
        double cos = Math.cos(Math.toRadians(centre.latitudeE7() / 1e7));
        int latitude = (int) Math.round(centre.latitudeE7() + northMetres / 111_195.0 * GeoPoint.DEGREE);
        int longitude = (int) Math.round(centre.longitudeE7() + eastMetres / (111_195.0 * cos) * GeoPoint.DEGREE);
        return new GeoPoint(latitude, longitude);
    }

    /** The second half of names, by industry ordinal. */
    private static final List<List<Part>> KINDS =
            Arrays.stream(Industry.values()).map(SyntheticMerchants::kindsOf).toList();

    private static Part kind(Industry industry, RandomGenerator random) {
        List<Part> kinds = KINDS.get(industry.ordinal());
        return kinds.get(random.nextInt(kinds.size()));
    }

    private static List<Part> kindsOf(Industry industry) {
        return switch (industry) {
            case GROCERY -> parts("상회:Sanghoe", "식품:Sikpum", "반찬:Banchan", "건어물:Geoneomul");
            case BUTCHER -> parts("정육점:Jeongyukjeom", "축산:Chuksan", "한우:Hanu");
            case FISHMONGER -> parts("수산:Susan", "횟집:Hoetjip", "젓갈:Jeotgal");
            case PRODUCE -> parts("청과:Cheonggwa", "채소:Chaeso", "과일:Gwail", "농산:Nongsan");
            case RICE_CAKE -> parts("떡집:Tteokjip", "방앗간:Bangatgan", "떡방:Tteokbang");
            case BAKERY -> parts("베이커리:Bakery", "제과:Jegwa");
            case RESTAURANT ->
                parts(
                        "칼국수:Kalguksu",
                        "국밥:Gukbap",
                        "빈대떡:Bindaetteok",
                        "순대:Sundae",
                        "분식:Bunsik",
                        "식당:Sikdang",
                        "족발:Jokbal",
                        "냉면:Naengmyeon",
                        "김밥:Gimbap");
            case CAFE -> parts("커피:Coffee", "다방:Dabang", "카페:Cafe");
            case CLOTHING -> parts("의류:Uiryu", "패션:Fashion", "한복:Hanbok");
            case SHOES -> parts("신발:Sinbal", "슈즈:Shoes");
            case HOUSEWARES -> parts("그릇:Geureut", "생활용품:Saenghwal Yongpum");
            case HARDWARE -> parts("철물:Cheolmul", "공구:Gonggu");
            case STATIONERY -> parts("문구:Mungu", "서점:Seojeom");
            case FLOWERS -> parts("꽃집:Kkotjip", "플라워:Flower");
            case PHARMACY -> parts("약국:Yakguk");
            case CLINIC -> parts("의원:Uiwon", "한의원:Hanuiwon", "치과:Chigwa");
            case BEAUTY -> parts("미용실:Miyongsil", "헤어:Hair");
            case LAUNDRY -> parts("세탁소:Setakso");
            case ACADEMY -> parts("학원:Hagwon", "교습소:Gyoseupso");
            case OPTICIAN -> parts("안경:Angyeong");
            case CONVENIENCE_STORE -> parts("편의점:Pyeonuijeom", "마트24:Mart24");
            case FUEL -> parts("주유소:Juyuso");
            case DEPARTMENT_STORE -> parts("백화점:Department Store");
            case LARGE_MART -> parts("대형마트:Hypermarket");
            case ENTERTAINMENT_BAR -> parts("주점:Jujeom", "노래주점:Norae Jujeom");
            case GAMBLING -> parts("복권방:Bokgwonbang", "게임랜드:Game Land");
            case REAL_ESTATE -> parts("부동산:Budongsan", "공인중개사:Realty");
            case FINANCE -> parts("보험:Insurance", "대부:Loans");
            case OTHER -> parts("잡화:Japhwa", "상사:Sangsa");
        };
    }

    private static Part person(RandomGenerator random) {
        Part surname = SURNAMES.get(random.nextInt(SURNAMES.size()));
        Part given = GIVEN.get(random.nextInt(GIVEN.size()));
        return new Part(surname.korean() + given.korean(), given.romanised() + " " + surname.romanised());
    }

    private static RevenueBand revenueBand(Industry industry, RandomGenerator random) {
        if (industry == Industry.DEPARTMENT_STORE || industry == Industry.LARGE_MART) {
            return RevenueBand.OVER_3B;
        }
        int roll = random.nextInt(100);
        if (roll < 78) {
            return RevenueBand.UP_TO_800M;
        }
        if (roll < 90) {
            return RevenueBand.UP_TO_1_2B;
        }
        return roll < 97 ? RevenueBand.UP_TO_3B : RevenueBand.OVER_3B;
    }

    private static MerchantStatus status(RandomGenerator random) {
        int roll = random.nextInt(1000);
        Instant since = STATUS_EPOCH.plusSeconds(random.nextLong(300L * 86_400));
        if (roll < SUSPENDED_PER_MILLE) {
            return new MerchantStatus.Suspended("부정유통 의심으로 조사 중 (under review for suspected voucher fraud)", since);
        }
        if (roll < SUSPENDED_PER_MILLE + CLOSED_PER_MILLE) {
            return new MerchantStatus.Closed("폐업 (out of business)", since);
        }
        return MerchantStatus.ACTIVE;
    }

    /** Merchant n's business number: nine distinct leading digits for distinct n, then the check digit. */
    static BusinessNumber businessNumber(long n) {
        long leading = 100_000_000L + Math.floorMod(n * NUMBER_STRIDE + 12_345L, NUMBERS);
        String digits = Long.toString(leading);
        for (int check = 0; check < 10; check++) {
            if (BusinessNumber.checkDigitHolds(digits + check)) {
                return new BusinessNumber(digits + check);
            }
        }
        throw new IllegalStateException("no check digit makes " + digits + " valid");
    }

    private static long mix(long seed, long n) {
        // SplitMix64's finaliser: neighbouring (seed, n) get unrelated generators.
        long z = seed * 0x9E3779B97F4A7C15L + n;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int pick(int[] cumulative, RandomGenerator random) {
        int roll = random.nextInt(cumulative[cumulative.length - 1]);
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > roll) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static int[] cumulative(int[] weights) {
        int[] sums = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            sums[i] = sum;
        }
        return sums;
    }

    /** Weights indexed by industry ordinal from (industry, weight) pairs; industries not named weigh nothing. */
    private static int[] weights(Object... pairs) {
        int[] weights = new int[Industry.values().length];
        for (int i = 0; i < pairs.length; i += 2) {
            weights[((Industry) pairs[i]).ordinal()] = (Integer) pairs[i + 1];
        }
        return weights;
    }

    private static List<Part> parts(String... pairs) {
        return Arrays.stream(pairs)
                .map(pair -> {
                    int colon = pair.indexOf(':');
                    return new Part(pair.substring(0, colon), pair.substring(colon + 1));
                })
                .toList();
    }

    private static Market market(
            String nameKorean,
            String nameRomanised,
            String province,
            String district,
            String townCode,
            double latitude,
            double longitude,
            int weight) {
        return new Market(
                nameKorean,
                nameRomanised,
                province,
                district,
                townCode,
                new GeoPoint(
                        (int) Math.round(latitude * GeoPoint.DEGREE), (int) Math.round(longitude * GeoPoint.DEGREE)),
                weight);
    }
}
